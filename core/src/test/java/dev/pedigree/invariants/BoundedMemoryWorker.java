package dev.pedigree.invariants;

import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * Run by {@link BoundedMemoryTest} in a JVM whose heap is much smaller than the object:
 * ingests a generated stream, verifies the stored object, copies it out, and prints its digest.
 *
 * <p>Arguments: store URI, length in bytes, seed, copy target.
 */
public final class BoundedMemoryWorker {
  private BoundedMemoryWorker() {
  }

  /**
   * Ingests, verifies and copies one large object.
   *
   * @param args store URI, length in bytes, seed, copy target
   * @throws Exception on any failure, including running out of heap
   */
  public static void main(String[] args) throws Exception {
    try (BlobStore store = BlobStores.open(URI.create(args[0]))) {
      ObjectStore objects = new ObjectStore(store);
      Digest digest;
      try (InputStream in = new GeneratedInputStream(Long.parseLong(args[2]), Long.parseLong(args[1]))) {
        digest = objects.ingest(in);
      }
      objects.verify(digest);
      objects.copyTo(digest, Path.of(args[3]));
      // The file path of ingest (direct buffers) under the same small heap, to the same object.
      Digest again = objects.ingest(Path.of(args[3]));
      if (!again.equals(digest)) {
        throw new AssertionError("ingesting the copied file gave " + again + ", not " + digest);
      }
      System.out.println("digest " + digest + " max heap " + Runtime.getRuntime().maxMemory());
    }
  }
}
