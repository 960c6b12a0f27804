package dev.pedigree.invariants;

import dev.pedigree.storage.BlobKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the file a local store keeps a key in, without assuming more of its layout than the key's last segment. */
final class StoredFiles {
  private StoredFiles() {
  }

  static Path fileOf(Path root, BlobKey key) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> found = files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().equals(key.name())).toList();
      if (found.size() != 1) {
        throw new AssertionError("expected one file for key " + key + " under " + root + ", found " + found);
      }
      return found.get(0);
    }
  }
}
