package dev.pedigree.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.VerifyOptions;
import dev.pedigree.artifacts.ArtifactInfo;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.artifacts.VersionQuery;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CheckpointFixture;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.FileBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 4 and 8 under bit rot: flips one bit at every position class of every kind of
 * stored file on a folder store (objects, manifests, version records, each ref log kind,
 * audit events, lineage segments and checkpoints) and proves that (a) the full check detects
 * every flip that changes anything the API returns, and (b) no flip makes the API return
 * different data without an error. Position classes: the first, middle and last byte, and
 * the first byte of every JSON key and value, in two files of each kind; with {@code -Pstress},
 * every byte of every file. Prints the counts per kind of file.
 */
class ByteFlipTest {
  private static final Pattern JSON_FIELD = Pattern.compile("\"([A-Za-z.]+)\":(\"?)");
  private static final boolean EVERY_BYTE = Boolean.getBoolean("pedigree.stress");

  @TempDir
  Path temp;

  @Test
  void theFullCheckFindsEveryFlipThatChangesWhatTheApiReturns() throws Exception {
    Path root = temp.resolve("store");
    Path data = Files.createDirectories(temp.resolve("data"));
    Files.writeString(data.resolve("a.csv"), "id,churn\n1,0\n2,1\n");
    Files.writeString(data.resolve("b.csv"), "id,churn\n3,1\n");
    try (Repository repo = Repository.builder(root.toString()).actor("tester").build()) {
      ArtifactVersion dataset = repo.artifacts().register(NewVersion.of("features", ArtifactKind.DATASET).directory(data)
          .build());
      for (int i = 1; i <= 2; i++) {
        try (ActiveRun run = repo.runs().start("train", CodeVersion.of("c" + i))) {
          run.input(dataset);
          run.register(NewVersion.of("model", ArtifactKind.MODEL).bytes(("weights " + i).getBytes(StandardCharsets.UTF_8))
              .metric("auc", 0.8 + i / 100.0).param("epochs", Integer.toString(i)).build());
          run.succeed();
        }
        if (i == 1) {
          // A checkpoint covering the first run: queries read the second run's segment itself.
          CheckpointFixture.storeCheckpoint(repo, dataset.id());
        }
      }
      repo.artifacts().moveAlias("model", "production", 1, "first");
      repo.artifacts().moveAlias("model", "production", 2, "second");
      repo.artifacts().setTag(new VersionId("model", 2), "stage", "gold");
      assertThat(repo.verify(VerifyOptions.full()).problems()).isEmpty();
    }

    String baseline = snapshot(root);
    assertThat(baseline).doesNotContain("ERROR");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      // Request bookkeeping (requests/done) is not history the API returns; staging is not stored data.
      files = walk.filter(Files::isRegularFile).filter(p -> !root.relativize(p).toString().startsWith(".pedigree")
          && !root.relativize(p).toString().startsWith("requests")).sorted().toList();
    }
    Map<String, Integer> filesOfKind = new TreeMap<>();
    Map<String, int[]> counts = new TreeMap<>(); // kind -> flips, changed API, detected, harmless
    List<String> silent = new ArrayList<>();
    List<String> undetected = new ArrayList<>();
    for (Path file : files) {
      byte[] original = Files.readAllBytes(file);
      if (original.length == 0) {
        continue;
      }
      String kind = kindOf(root.relativize(file).toString().replace('\\', '/'), original);
      // Files of one kind share their position classes: two of each suffice, unless every byte is flipped.
      if (filesOfKind.merge(kind, 1, Integer::sum) > 2 && !EVERY_BYTE) {
        continue;
      }
      int[] count = counts.computeIfAbsent(kind, k -> new int[4]);
      for (int position : positions(original)) {
        byte[] flipped = original.clone();
        flipped[position] ^= (byte) (1 << (position % 7));
        Files.write(file, flipped);
        String after;
        boolean detected;
        try {
          after = snapshot(root);
          try (FileBlobStore store = new FileBlobStore(root); Repository repo = Repository.open(store)) {
            detected = !repo.verify(VerifyOptions.full()).intact();
          }
        } finally {
          Files.write(file, original);
        }
        boolean changed = !after.equals(baseline);
        count[0]++;
        if (changed) {
          count[1]++;
        }
        if (detected) {
          count[2]++;
        }
        if (!changed) {
          count[3]++;
        }
        String where = root.relativize(file) + " byte " + position;
        if (changed && !after.contains("ERROR")) {
          silent.add(where);
        }
        if (changed && !detected) {
          undetected.add(where);
        }
      }
    }
    int[] total = new int[4];
    counts.forEach((kind, c) -> {
      System.out.printf("ByteFlipTest %-16s flips %5d, API changed %5d, detected %5d, harmless %5d%n", kind, c[0], c[1],
          c[2], c[3]);
      for (int i = 0; i < 4; i++) {
        total[i] += c[i];
      }
    });
    System.out.printf("ByteFlipTest %-16s flips %5d, API changed %5d, detected %5d, harmless %5d; silent changes %d,"
        + " undetected changes %d%n", "total", total[0], total[1], total[2], total[3], silent.size(), undetected.size());
    assertThat(counts.keySet()).contains("object", "manifest", "version record", "versions log", "aliases log",
        "tags log", "index log", "runs log", "audit event", "lineage segment", "lineage checkpoint");
    assertThat(silent).as("flips that change what the API returns without an error").isEmpty();
    assertThat(undetected).as("flips that change what the API returns that the full check misses").isEmpty();
  }

  private static List<Integer> positions(byte[] bytes) {
    TreeSet<Integer> positions = new TreeSet<>();
    if (EVERY_BYTE) {
      for (int i = 0; i < bytes.length; i++) {
        positions.add(i);
      }
      return List.copyOf(positions);
    }
    positions.add(0);
    positions.add(bytes.length / 2);
    positions.add(bytes.length - 1);
    if (bytes[0] == '{') {
      Matcher m = JSON_FIELD.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
      while (m.find()) {
        positions.add(m.start() + 1);
        if (m.end() < bytes.length) {
          positions.add(m.end());
        }
      }
    }
    return List.copyOf(positions);
  }

  private static String kindOf(String path, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    if (path.startsWith("objects/")) {
      if (text.startsWith("{") && text.contains("\"format\":\"pedigree.manifest")) {
        return "manifest";
      }
      if (text.startsWith("{") && text.contains("\"format\":\"pedigree.version")) {
        return "version record";
      }
      return "object";
    }
    if (path.startsWith("refs/artifacts/") && path.contains("/versions/")) {
      return "versions log";
    }
    if (path.startsWith("refs/artifacts/") && path.contains("/aliases/")) {
      return "aliases log";
    }
    if (path.startsWith("refs/artifacts/") && path.contains("/tags/")) {
      return "tags log";
    }
    if (path.startsWith("refs/index/")) {
      return "index log";
    }
    if (path.startsWith("refs/runs/")) {
      return "runs log";
    }
    if (path.startsWith("audit/")) {
      return "audit event";
    }
    if (path.startsWith("lineage/edges/")) {
      return "lineage segment";
    }
    if (path.startsWith("lineage/checkpoints/")) {
      return "lineage checkpoint";
    }
    return path.substring(0, path.indexOf('/') < 0 ? path.length() : path.indexOf('/'));
  }

  /** Everything the public API says about the store, or ERROR lines where it throws. */
  private static String snapshot(Path root) {
    StringBuilder out = new StringBuilder();
    try (FileBlobStore store = new FileBlobStore(root); Repository repo = Repository.open(store)) {
      List<String> names = new ArrayList<>();
      section(out, "artifacts", () -> repo.artifacts().list("").map(ArtifactInfo::toString)
          .peek(s -> names.add(s.substring(s.indexOf("name=") + 5, s.indexOf(',')))).toList());
      for (String name : names) {
        section(out, name + " versions", () -> {
          List<String> lines = new ArrayList<>();
          for (ArtifactVersion v : repo.artifacts().versions(name, VersionQuery.all(), null).items()) {
            lines.add(v.toString() + " " + v.metrics() + " " + v.params() + " " + v.tags() + " " + v.size() + " "
                + v.recordDigest() + " " + v.producedBy() + " " + v.createdAt() + " " + v.createdBy() + " " + content(repo, v));
          }
          return lines;
        });
        section(out, name + " aliases", () -> List.of(repo.artifacts().aliases(name).toString()));
        section(out, name + " production", () -> List.of(String.valueOf(repo.artifacts().alias(name, "production")
            .map(ArtifactVersion::id))));
        section(out, name + " history", () -> repo.artifacts().aliasHistory(name, "production").stream()
            .map(Object::toString).toList());
      }
      section(out, "runs", () -> repo.runs().list().map(r -> r.id() + " " + r.job() + " " + r.status() + " " + r.inputs()
          + " " + r.outputs() + " " + r.params() + " " + r.metrics() + " " + r.code() + " " + r.startedAt() + " "
          + r.endedAt()).toList());
      section(out, "lineage", () -> List.of(repo.lineage().downstream(VersionId.parse("features:1")).toString(),
          repo.lineage().upstream(VersionId.parse("model:2")).toString()));
      section(out, "audit", () -> repo.audit().events(AuditQuery.all()).map(Object::toString).toList());
    } catch (RuntimeException e) {
      out.append("ERROR opening: ").append(e.getClass().getSimpleName()).append('\n');
    }
    return out.toString();
  }

  private static String content(Repository repo, ArtifactVersion version) {
    try {
      if (version.layout() == ContentLayout.FILE) {
        try (InputStream in = repo.artifacts().open(version)) {
          return Digest.of(in.readAllBytes()).toString();
        }
      }
      StringBuilder files = new StringBuilder();
      for (String path : List.of("a.csv", "b.csv")) {
        try (InputStream in = repo.artifacts().open(version, path)) {
          files.append(path).append('=').append(Digest.of(in.readAllBytes())).append(' ');
        }
      }
      return files.toString();
    } catch (IOException e) {
      return "ERROR " + e;
    }
  }

  private interface Lines {
    List<String> get() throws Exception;
  }

  private static void section(StringBuilder out, String title, Lines lines) {
    out.append("# ").append(title).append('\n');
    try {
      for (String line : lines.get()) {
        out.append(line).append('\n');
      }
    } catch (Exception e) {
      out.append("ERROR ").append(e.getClass().getSimpleName()).append('\n');
    }
  }
}
