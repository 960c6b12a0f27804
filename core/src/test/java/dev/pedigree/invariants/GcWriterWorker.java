package dev.pedigree.invariants;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.storage.FileBlobStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A writer process for {@link GcAcrossProcessesTest}: threads that keep registering versions
 * whose content comes from a small pool (so it was often just deleted) and deleting the
 * previous version, until a stop file appears. It prints {@code live <artifact> <number>
 * <payload>} after each registration and {@code deleted <artifact> <number>} after each
 * deletion.
 *
 * <p>Arguments: the store folder, a name for this process, the number of threads, the stop file.
 */
public final class GcWriterWorker {
  static final Duration WINDOW = Duration.ofSeconds(2);
  static final int PAYLOADS = 8;

  private GcWriterWorker() {
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    String name = args[1];
    int threads = Integer.parseInt(args[2]);
    Path stop = Path.of(args[3]);
    try (FileBlobStore store = new FileBlobStore(root);
        Repository repo = Repository.builder(store).actor(name).writerWindow(WINDOW).build()) {
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String artifact = name + "-" + t;
        Thread writer = new Thread(() -> write(repo, artifact, () -> Files.exists(stop), System.out));
        writers.add(writer);
        writer.start();
      }
      for (Thread writer : writers) {
        writer.join();
      }
    }
    System.out.println("done");
  }

  /** Registers and deletes until told to stop, printing what it did; used by the test's own threads too. */
  static void write(Repository repo, String artifact, java.util.function.BooleanSupplier stop, PrintStream out) {
    Random random = new Random(artifact.hashCode());
    VersionId previous = null;
    int count = 0;
    while (!stop.getAsBoolean() || count < 3) {
      int payload = random.nextInt(PAYLOADS);
      ArtifactVersion v = repo.artifacts().register(NewVersion.of(artifact, ArtifactKind.DATASET)
          .bytes(payload(artifact, payload)).build());
      synchronized (out) {
        out.println("live " + artifact + " " + v.number() + " " + payload);
        out.flush();
      }
      if (previous != null) {
        repo.artifacts().delete(previous, "superseded");
        synchronized (out) {
          out.println("deleted " + artifact + " " + previous.number());
          out.flush();
        }
      }
      previous = v.id();
      count++;
    }
  }

  static byte[] payload(String artifact, int index) {
    byte[] bytes = new byte[2000 + 1000 * index];
    long x = artifact.hashCode() * 0x9E3779B97F4A7C15L + index + 1;
    for (int i = 0; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      bytes[i] = (byte) x;
    }
    return bytes;
  }
}
