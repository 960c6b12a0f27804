package dev.pedigree.web;

import dev.pedigree.Repository;
import java.util.Map;

/** Routes a page request to the registry pages or the history pages. */
final class Pages {
  private final Layout layout;
  private final RegistryPages registry;
  private final HistoryPages history;

  Pages(Repository repository, String title, WriteGuard guard) {
    this.layout = new Layout(title, guard);
    StoreReads reads = new StoreReads(repository);
    this.registry = new RegistryPages(reads, layout, guard);
    this.history = new HistoryPages(reads, layout);
  }

  Response handle(Request r) {
    String first = r.segment(0);
    if (first == null) {
      return registry.artifacts(r);
    }
    return switch (first) {
      case "artifacts" -> r.size() == 2 ? registry.artifact(r, r.segment(1))
          : r.size() == 3 && "aliases".equals(r.segment(2)) ? registry.aliases(r, r.segment(1)) : notFound(r);
      case "versions" -> r.size() == 3 ? registry.version(r, r.segment(1), r.segment(2))
          : r.size() == 4 && "lineage".equals(r.segment(3)) ? history.lineage(r, r.segment(1), r.segment(2)) : notFound(r);
      case "runs" -> r.size() == 2 ? history.run(r, r.segment(1)) : notFound(r);
      case "verdicts" -> r.size() == 1 ? history.verdicts(r) : r.size() == 2 ? history.verdict(r, r.segment(1)) : notFound(r);
      case "audit" -> r.size() == 1 ? history.audit(r) : notFound(r);
      case "integrity" -> r.size() == 1 ? history.integrity(r) : notFound(r);
      default -> notFound(r);
    };
  }

  String errorPage(Request r, int status, String message) {
    Html body = new Html();
    body.raw("<div class=\"error-box\"><p>").text(message).raw("</p><p>").link(r.link("/"), "Back to the artifacts")
        .raw("</p></div>");
    String heading = switch (status) {
      case 400 -> "Bad request";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      default -> "Error " + status;
    };
    return layout.page(r, heading, Map.of(), body.toString(), null);
  }

  private static Response notFound(Request r) {
    throw new HttpError(404, "Cannot find page /" + String.join("/", r.segments()) + "; start from the artifacts page");
  }
}
