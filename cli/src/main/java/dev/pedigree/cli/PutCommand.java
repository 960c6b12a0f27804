package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pedigree put NAME --kind K (--file F | --dir D)}: registers a new version. */
@Command(name = "put", description = "Register a new version of an artifact from a file or a folder.")
final class PutCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The artifact.")
  String name;

  @Option(names = "--kind", required = true, paramLabel = "KIND", description = "${COMPLETION-CANDIDATES}.")
  ArtifactKind kind;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A parameter that produced it (repeatable).")
  Map<String, String> params = Map.of();

  @Option(names = "--metric", paramLabel = "KEY=NUMBER", description = "A measurement of it (repeatable).")
  Map<String, Double> metrics = Map.of();

  @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A label (repeatable).")
  Map<String, String> tags = Map.of();

  @Option(names = "--description", paramLabel = "TEXT", description = "Words for people.")
  String description;

  /** Where the content comes from. */
  static final class Source {
    @Option(names = "--file", required = true, paramLabel = "FILE", description = "A single file.")
    Path file;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "A folder, stored as a directory version.")
    Path dir;
  }

  @Override
  int run(Repository repo) {
    NewVersion.Builder request = NewVersion.of(name, kind).params(params).metrics(metrics);
    tags.forEach(request::tag);
    if (description != null) {
      request.description(description);
    }
    long total;
    String what;
    if (source.file != null) {
      if (!Files.isRegularFile(source.file)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "Cannot put " + source.file
            + ": it is not a regular file; pass a file to --file, or a folder to --dir");
      }
      request.file(source.file);
      total = size(source.file);
      what = "1 file";
    } else {
      if (!Files.isDirectory(source.dir)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "Cannot put " + source.dir
            + ": it is not a folder; pass a folder to --dir, or a file to --file");
      }
      request.directory(source.dir);
      long[] counts = folderSize(source.dir);
      total = counts[0];
      what = counts[1] + " files";
    }
    // Core has no ingest listener, so on Linux the bar follows the bytes this process has read
    // (/proc/self/io), which ingest dominates; elsewhere it is a spinner.
    long start = bytesRead();
    long bound = start < 0 ? -1 : total;
    ArtifactVersion v = withProgress("put " + name + " (" + what + ")", bound, () -> start < 0 ? -1 : bytesRead() - start,
        () -> repo.artifacts().register(request.build()));
    if (json()) {
      printJson(Views.Version.of(v, java.util.List.of()));
    } else {
      out().println("Registered " + v.id() + " (" + v.kind() + ", " + Sizes.human(v.size()) + ", " + v.content() + ")");
      out().flush();
    }
    return ExitCodes.OK;
  }

  /** The bytes this process has read so far ({@code rchar} of /proc/self/io), or -1 where that is not available. */
  static long bytesRead() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith("rchar:")) {
          return Long.parseLong(line.substring(6).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static long[] folderSize(Path dir) {
    long[] counts = new long[2];
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).forEach(p -> {
        counts[0] += size(p);
        counts[1]++;
      });
    } catch (IOException e) {
      // The registry walks the folder again and reports what it cannot read.
      return counts;
    }
    return counts;
  }
}
