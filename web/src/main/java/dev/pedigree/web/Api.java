package dev.pedigree.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.Page;
import dev.pedigree.artifacts.VersionQuery;
import dev.pedigree.lineage.LineageGraph;
import dev.pedigree.lineage.LineageView;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The JSON API under {@code /api}: the same reads as the pages, in the shapes of
 * {@link JsonViews}, described by {@code /api/openapi.json}; and the two writes, which exist only
 * when the service supplied an authorizer.
 */
final class Api {
  private final Repository repository;
  private final StoreReads reads;
  private final WriteGuard guard;

  Api(Repository repository, WriteGuard guard) {
    this.repository = repository;
    this.reads = new StoreReads(repository);
    this.guard = guard;
  }

  Response handle(Request r) throws IOException {
    String first = r.segment(1);
    if ("POST".equals(r.method()) && "artifacts".equals(first) && "aliases".equals(r.segment(3))
        && (r.size() == 5 || (r.size() == 6 && "rollback".equals(r.segment(5))))) {
      return write(r);
    }
    if (!"GET".equals(r.method()) && !"HEAD".equals(r.method())) {
      throw new HttpError(guard.enabled() || !"POST".equals(r.method()) ? 405 : 404,
          "Cannot " + r.method() + " " + r.segments() + ": the API is read with GET; the only writes are POSTs to"
              + " /api/artifacts/NAME/aliases/ALIAS and .../rollback, when the service enables them");
    }
    if (first == null) {
      return openApi(r);
    }
    return switch (first) {
      case "openapi.json" -> openApi(r);
      case "artifacts" -> artifacts(r);
      case "runs" -> r.size() == 3 ? Response.json(200, JsonViews.run(repository.runs().run(r.segment(2)))) : notFound(r);
      case "verdicts" -> verdicts(r);
      case "audit" -> audit(r);
      case "integrity" -> Response.json(200, JsonViews.integrity(repository.verify()));
      default -> notFound(r);
    };
  }

  private Response artifacts(Request r) {
    if (r.size() == 2) {
      ArrayNode list = JsonViews.array();
      reads.artifacts().forEach(s -> list.add(summary(s)));
      return Response.json(200, list);
    }
    String name = r.segment(2);
    if (r.size() == 3) {
      return Response.json(200, summary(reads.summary(name)));
    }
    String section = r.segment(3);
    if ("versions".equals(section) && r.size() == 4) {
      VersionQuery query = VersionQuery.all();
      if (r.param("tag").isPresent()) {
        String tag = r.param("tag").get();
        int eq = tag.indexOf('=');
        if (eq <= 0) {
          throw new HttpError(400, "Cannot filter by tag '" + tag + "': write it as name=value");
        }
        query = query.withTag(tag.substring(0, eq), tag.substring(eq + 1));
      }
      ArrayNode items = JsonViews.array();
      ObjectNode page = JsonViews.object();
      page.put("artifact", name);
      page.set("items", items);
      if (r.param("limit").isPresent() || r.param("pageToken").isPresent()) {
        int limit = StoreReads.limit(r.param("limit"));
        Page<ArtifactVersion> one = repository.artifacts().versions(name, query.pageSize(limit), r.param("pageToken").orElse(null));
        one.items().forEach(v -> items.add(JsonViews.version(v)));
        page.put("nextPageToken", one.nextPageToken().orElse(null));
      } else {
        reads.versions(name, query).forEach(v -> items.add(JsonViews.version(v)));
        page.putNull("nextPageToken");
      }
      return Response.json(200, page);
    }
    if ("versions".equals(section) && r.size() >= 5) {
      ArtifactVersion version = reads.version(name, r.segment(4));
      if (r.size() == 5) {
        return Response.json(200, JsonViews.version(version));
      }
      if (r.size() == 6 && "files".equals(r.segment(5))) {
        ArrayNode files = JsonViews.array();
        if (version.layout() == ContentLayout.DIRECTORY) {
          repository.artifacts().manifest(version).entries().forEach(e -> files.add(JsonViews.file(e)));
        }
        return Response.json(200, files);
      }
      if (r.size() == 6 && "lineage".equals(r.segment(5))) {
        String direction = r.param("direction").orElse("up");
        int depth = r.param("depth").map(d -> StoreReads.parseInt(d, "depth")).orElse(LineageGraph.UNLIMITED);
        LineageView view = switch (direction) {
          case "up" -> repository.lineage().upstream(version.id(), depth);
          case "down" -> repository.lineage().downstream(version.id(), depth);
          default -> throw new HttpError(400, "Cannot follow lineage '" + direction + "': use direction=up or down");
        };
        return Response.json(200, JsonViews.lineage(view, direction));
      }
    }
    if ("aliases".equals(section) && r.size() == 4) {
      ObjectNode aliases = JsonViews.object();
      repository.artifacts().aliases(name).forEach(aliases::put);
      return Response.json(200, aliases);
    }
    if ("aliases".equals(section) && r.size() == 5) {
      return Response.json(200, alias(name, r.segment(4)));
    }
    return notFound(r);
  }

  private ObjectNode alias(String artifact, String alias) {
    List<AliasChange> history = repository.artifacts().aliasHistory(artifact, alias);
    if (history.isEmpty()) {
      throw new HttpError(404, "Cannot show " + artifact + "@" + alias + ": the alias was never set; list the"
          + " aliases at /api/artifacts/" + artifact + "/aliases");
    }
    ObjectNode node = JsonViews.object();
    node.put("artifact", artifact);
    node.put("alias", alias);
    OptionalInt current = history.get(0).to();
    if (current.isPresent()) {
      node.put("version", current.getAsInt());
    } else {
      node.putNull("version");
    }
    ArrayNode changes = node.putArray("history");
    history.forEach(c -> changes.add(JsonViews.aliasChange(c)));
    return node;
  }

  private static ObjectNode summary(StoreReads.Summary s) {
    ObjectNode node = JsonViews.object();
    node.put("name", s.info().name());
    node.put("kind", s.info().kind().name());
    if (s.latest().isPresent()) {
      node.put("latest", s.latest().get().number());
    } else {
      node.putNull("latest");
    }
    ObjectNode aliases = node.putObject("aliases");
    s.aliases().forEach(aliases::put);
    return node;
  }

  private Response verdicts(Request r) {
    if (r.size() == 3) {
      StoreReads.RecordedVerdict v = reads.verdict(r.segment(2));
      return Response.json(200, JsonViews.verdict(v.event().sequence(), v.verdict()));
    }
    ArrayNode list = JsonViews.array();
    reads.verdicts(r.param("artifact"), r.param("candidate"), StoreReads.limit(r.param("limit")))
        .forEach(v -> list.add(JsonViews.verdict(v.event().sequence(), v.verdict())));
    return Response.json(200, list);
  }

  private Response audit(Request r) {
    ArrayNode list = JsonViews.array();
    reads.audit(r.param("artifact"), r.param("actor"), StoreReads.eventType(r.param("type")), Optional.empty(),
        StoreReads.limit(r.param("limit"))).forEach(e -> list.add(JsonViews.auditEvent(e)));
    return Response.json(200, list);
  }

  private Response write(Request r) throws IOException {
    String artifact = r.segment(2);
    String alias = r.segment(4);
    boolean rollback = r.size() == 6;
    String action = rollback ? "rollback" : "move";
    if (!guard.enabled()) {
      guard.admit(r, action, artifact, alias, OptionalInt.empty(), "");
    }
    JsonNode body;
    try (InputStream in = r.exchange().getRequestBody()) {
      byte[] bytes = in.readNBytes(64 * 1024);
      body = JsonViews.MAPPER.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new HttpError(400, "Cannot " + action + " " + artifact + "@" + alias + ": the body is not JSON; send"
          + " {\"version\": 3, \"reason\": \"why\"}");
    }
    String reason = body == null ? "" : body.path("reason").asText("").trim();
    if (reason.isEmpty()) {
      throw new HttpError(400, "Cannot " + action + " " + artifact + "@" + alias + ": a reason is required; send"
          + " {\"reason\": \"why\"}");
    }
    OptionalInt version = OptionalInt.empty();
    if (!rollback) {
      JsonNode number = body.path("version");
      if (!number.canConvertToInt() || !number.isIntegralNumber()) {
        throw new HttpError(400, "Cannot move " + artifact + "@" + alias + ": the body needs a version number, as in"
            + " {\"version\": 3, \"reason\": \"why\"}");
      }
      version = OptionalInt.of(number.intValue());
    }
    String who = guard.admit(r, action, artifact, alias, version, reason);
    String recorded = reason + " (by " + who + " via the web UI)";
    AliasChange change = rollback
        ? repository.artifacts().rollback(artifact, alias, recorded)
        : repository.artifacts().moveAlias(artifact, alias, version.getAsInt(), recorded);
    return Response.json(200, JsonViews.aliasChange(change));
  }

  private Response openApi(Request r) throws IOException {
    try (InputStream in = Api.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new HttpError(500, "Cannot find openapi.json; the pedigree-web jar is incomplete");
      }
      ObjectNode doc = (ObjectNode) JsonViews.MAPPER.readTree(in);
      ArrayNode servers = doc.putArray("servers");
      servers.addObject().put("url", r.link("/api"));
      return Response.json(200, doc);
    }
  }

  private static Response notFound(Request r) {
    throw new HttpError(404, "Cannot find API path /api/" + String.join("/", r.segments().subList(1, r.size()))
        + "; the API is described at /api/openapi.json");
  }
}
