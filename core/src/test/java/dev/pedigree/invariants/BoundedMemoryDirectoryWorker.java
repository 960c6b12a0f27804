package dev.pedigree.invariants;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import java.net.URI;
import java.nio.file.Path;

/**
 * Run by {@link BoundedMemoryTest} in a JVM with a small heap: registers a folder of many small
 * files twice through the stat cache, checks it out, and prints the content digest.
 *
 * <p>Arguments: store URI, folder, stat cache file, checkout target.
 */
public final class BoundedMemoryDirectoryWorker {
  private BoundedMemoryDirectoryWorker() {
  }

  /**
   * Registers, registers again, checks out.
   *
   * @param args store URI, folder, stat cache file, checkout target
   * @throws Exception on any failure, including running out of heap
   */
  public static void main(String[] args) throws Exception {
    try (BlobStore store = BlobStores.open(URI.create(args[0]));
        Repository repo = Repository.builder(store).actor("bounded").statCache(Path.of(args[2])).build()) {
      NewVersion request = NewVersion.of("many-small", ArtifactKind.DATASET).directory(Path.of(args[1])).build();
      ArtifactVersion first = repo.artifacts().register(request);
      ArtifactVersion second = repo.artifacts().register(request);
      if (!first.content().equals(second.content())) {
        throw new AssertionError("the unchanged folder gave " + second.content() + " after " + first.content());
      }
      new dev.pedigree.objects.ObjectStore(store).checkout(first.content(), Path.of(args[3]));
      System.out.println("content " + first.content() + " max heap " + Runtime.getRuntime().maxMemory());
    }
  }
}
