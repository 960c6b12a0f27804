package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pedigree get REF DEST}: writes a version's content, verified, to a local path: a file
 * version to DEST (or into DEST when it is a folder), a directory version's files under DEST.
 */
@Command(name = "get", description = {"Write a version's content to a local path, verified against its digest.",
    "A file version goes to DEST (inside DEST when DEST is a folder); a directory version's files go under DEST."})
final class GetCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "REF", description = "name@alias, name:number or name (the latest).")
  String reference;

  @Parameters(index = "1", paramLabel = "DEST", description = "The file or folder to write.")
  Path destination;

  /** The output of {@code get --json}. */
  record Result(String version, String layout, String destination, long bytes) {
  }

  @Override
  int run(Repository repo) {
    ArtifactVersion v = repo.artifacts().resolve(reference);
    Path target = destination.toAbsolutePath().normalize();
    String label = "get " + v.id();
    if (v.layout() == ContentLayout.FILE) {
      Path file = Files.isDirectory(target) ? target.resolve(v.artifact()) : target;
      withProgress(label, v.size(), () -> stagedBytes(file), () -> {
        repo.artifacts().copyTo(v, file);
        return file;
      });
      target = file;
    } else {
      Path folder = target;
      withProgress(label, v.size(), () -> bytesUnder(folder), () -> {
        repo.artifacts().checkout(v, folder);
        return folder;
      });
    }
    if (json()) {
      printJson(new Result(v.id().toString(), v.layout().name(), target.toString(), v.size()));
    } else {
      out().println("Wrote " + v.id() + " (" + Sizes.human(v.size()) + ") to " + target);
      out().flush();
    }
    return ExitCodes.OK;
  }

  /** Bytes written so far to a file being copied: its staging file beside it, or the file once in place. */
  private static long stagedBytes(Path file) {
    Path parent = file.getParent();
    String stem = "." + file.getFileName() + ".";
    try (Stream<Path> entries = Files.list(parent)) {
      return entries.filter(p -> p.getFileName().toString().startsWith(stem)).mapToLong(GetCommand::sizeOrZero).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Bytes written so far under a folder being filled. */
  private static long bytesUnder(Path folder) {
    AtomicLong total = new AtomicLong();
    try (Stream<Path> files = Files.walk(folder)) {
      files.forEach(p -> total.addAndGet(sizeOrZero(p)));
    } catch (IOException | java.io.UncheckedIOException e) {
      return total.get();
    }
    return total.get();
  }

  private static long sizeOrZero(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return attributes.isRegularFile() ? attributes.size() : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
