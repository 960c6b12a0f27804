package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.objects.Manifest;
import dev.pedigree.objects.ManifestEntry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pedigree diff REF REF}: two versions side by side: content, params, metrics, and for
 * directory versions the files added, removed and changed (from their manifests, no download).
 */
@Command(name = "diff", description = {"Compare two versions: params, metrics and files side by side.",
    "For directory versions the files added, removed and changed come from their manifests; nothing is downloaded."})
final class DiffCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "REF", description = "The older version (the left side).")
  String left;

  @Parameters(index = "1", paramLabel = "REF", description = "The newer version (the right side).")
  String right;

  /** One parameter: {@code status} is {@code same}, {@code changed}, {@code added} or {@code removed}. */
  record Param(String name, String left, String right, String status) {
  }

  /** One metric; {@code delta} is right minus left when both exist. */
  record Metric(String name, Double left, Double right, Double delta) {
  }

  /** A changed file: its sizes on each side. */
  record ChangedFile(String path, long leftSize, long rightSize) {
  }

  /** A file on one side only. */
  record FileEntry(String path, long size) {
  }

  /** The files of two directory versions compared. */
  record FileChanges(List<FileEntry> added, List<FileEntry> removed, List<ChangedFile> changed, int unchanged) {
  }

  /** The output of {@code diff --json}; {@code files} is null unless both are directory versions. */
  record Diff(Views.Version left, Views.Version right, boolean sameContent, List<Param> params, List<Metric> metrics,
      FileChanges files) {
  }

  @Override
  int run(Repository repo) {
    ArtifactVersion a = repo.artifacts().resolve(left);
    ArtifactVersion b = repo.artifacts().resolve(right);
    List<Param> params = new ArrayList<>();
    for (String name : new TreeSet<>(union(a.params(), b.params()))) {
      String x = a.params().get(name);
      String y = b.params().get(name);
      String status = x == null ? "added" : y == null ? "removed" : x.equals(y) ? "same" : "changed";
      params.add(new Param(name, x, y, status));
    }
    List<Metric> metrics = new ArrayList<>();
    for (String name : new TreeSet<>(union(a.metrics(), b.metrics()))) {
      Double x = a.metrics().get(name);
      Double y = b.metrics().get(name);
      metrics.add(new Metric(name, x, y, x != null && y != null ? y - x : null));
    }
    FileChanges files = null;
    if (a.layout() == ContentLayout.DIRECTORY && b.layout() == ContentLayout.DIRECTORY) {
      files = compare(repo.artifacts().manifest(a), repo.artifacts().manifest(b));
    }
    Diff diff = new Diff(Views.Version.of(a, ShowCommand.aliasesOf(repo, a)), Views.Version.of(b, ShowCommand.aliasesOf(repo, b)),
        a.content().equals(b.content()), params, metrics, files);
    if (json()) {
      printJson(diff);
    } else {
      print(out(), a, b, diff);
    }
    return ExitCodes.OK;
  }

  private static java.util.Set<String> union(Map<String, ?> x, Map<String, ?> y) {
    java.util.Set<String> all = new TreeSet<>(x.keySet());
    all.addAll(y.keySet());
    return all;
  }

  static FileChanges compare(Manifest a, Manifest b) {
    List<FileEntry> added = new ArrayList<>();
    List<FileEntry> removed = new ArrayList<>();
    List<ChangedFile> changed = new ArrayList<>();
    int unchanged = 0;
    List<ManifestEntry> x = a.entries();
    List<ManifestEntry> y = b.entries();
    int i = 0;
    int j = 0;
    while (i < x.size() || j < y.size()) {
      int order = i == x.size() ? 1 : j == y.size() ? -1 : x.get(i).path().compareTo(y.get(j).path());
      if (order < 0) {
        removed.add(new FileEntry(x.get(i).path(), x.get(i).size()));
        i++;
      } else if (order > 0) {
        added.add(new FileEntry(y.get(j).path(), y.get(j).size()));
        j++;
      } else {
        ManifestEntry p = x.get(i++);
        ManifestEntry q = y.get(j++);
        if (p.digest().equals(q.digest()) && p.executable() == q.executable()) {
          unchanged++;
        } else {
          changed.add(new ChangedFile(p.path(), p.size(), q.size()));
        }
      }
    }
    return new FileChanges(added, removed, changed, unchanged);
  }

  private static void print(PrintWriter out, ArtifactVersion a, ArtifactVersion b, Diff diff) {
    Table table = new Table(" ", a.id().toString(), b.id().toString(), " ");
    table.row("kind", a.kind() + " " + layout(a), b.kind() + " " + layout(b), " ");
    table.row("size", Sizes.human(a.size()), Sizes.human(b.size()), " ");
    table.row("content", a.content().shortHex(), b.content().shortHex(), diff.sameContent() ? "same" : "changed");
    table.row("created", Table.time(a.createdAt()), Table.time(b.createdAt()), " ");
    if (!diff.params().isEmpty()) {
      table.row("params", " ", " ", " ");
      for (Param p : diff.params()) {
        table.row("  " + p.name(), p.left(), p.right(), p.status());
      }
    }
    if (!diff.metrics().isEmpty()) {
      table.row("metrics", " ", " ", " ");
      for (Metric m : diff.metrics()) {
        table.row("  " + m.name(), m.left() == null ? null : Table.number(m.left()),
            m.right() == null ? null : Table.number(m.right()), m.delta() == null ? null : signed(m.delta()));
      }
    }
    table.print(out);
    FileChanges files = diff.files();
    if (files != null) {
      out.println("files: " + files.added().size() + " added, " + files.removed().size() + " removed, "
          + files.changed().size() + " changed, " + files.unchanged() + " unchanged");
      files.added().forEach(f -> out.println("  + " + f.path() + " (" + Sizes.human(f.size()) + ")"));
      files.removed().forEach(f -> out.println("  - " + f.path() + " (" + Sizes.human(f.size()) + ")"));
      files.changed().forEach(f -> out.println("  ~ " + f.path() + " (" + Sizes.human(f.leftSize()) + " -> "
          + Sizes.human(f.rightSize()) + ")"));
    } else if (a.layout() != b.layout()) {
      out.println("files: not compared (one version is a file, the other a directory)");
    }
    out.flush();
  }

  private static String layout(ArtifactVersion v) {
    return v.layout().name().toLowerCase(Locale.ROOT);
  }

  private static String signed(double delta) {
    String text = String.format(Locale.ROOT, "%+.6g", delta);
    if (text.contains(".") && !text.contains("e")) {
      text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return Objects.equals(text, "+0") || Objects.equals(text, "-0") ? "0" : text;
  }
}
