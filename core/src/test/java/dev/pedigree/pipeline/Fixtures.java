package dev.pedigree.pipeline;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.lineage.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Shared helpers of the pipeline tests. */
final class Fixtures {
  private Fixtures() {
  }

  static ArtifactVersion registerRaw(Repository repo, String text) {
    ArtifactVersion v = repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET)
        .bytes(text.getBytes(StandardCharsets.UTF_8)).build());
    repo.artifacts().moveAlias("raw-customers", "production", v.number(), "test data");
    return v;
  }

  static String read(Path path) {
    try {
      if (Files.isDirectory(path)) {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(path)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            all.append(Files.readString(file));
          }
        }
        return all.toString();
      }
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a file and dates it well before now, so the stat cache may remember it. */
  static void writeOld(Path file, String text, int secondsAgo) {
    write(file, text);
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Run> runsOf(Repository repo, String pipeline) {
    return repo.runs().list().filter(r -> r.job().startsWith(pipeline + "/")).toList();
  }

  static Map<String, StageInput> inputs(Object... pairs) {
    Map<String, StageInput> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (StageInput) pairs[i + 1]);
    }
    return map;
  }

  /** Records which stages' actions ran and what they saw, and never loses an event. */
  static final class Calls {
    private final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

    void add(String stage) {
      calls.add(stage);
    }

    List<String> drain() {
      List<String> copy = List.copyOf(calls);
      calls.clear();
      return copy;
    }
  }
}
