package dev.pedigree.spark.internal;

import dev.pedigree.exceptions.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the scratch folders the Spark module makes on drivers and executors. */
public final class Folders {
  private Folders() {
  }

  /**
   * Deletes a folder and everything in it; nothing if it is null or gone.
   *
   * @param root the folder
   * @throws StorageException if something in it cannot be deleted
   */
  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new StorageException("Cannot delete the scratch folder " + root + ": " + e.getMessage()
          + "; delete it by hand, it holds only copies of what Pedigree stored", e);
    }
  }
}
