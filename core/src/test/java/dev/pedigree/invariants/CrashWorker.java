package dev.pedigree.invariants;

import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The victim of {@link CrashSafetyTest}: ingests objects of random sizes (streams, files,
 * directories, small records) and moves refs to them, in a loop, until it is killed.
 *
 * <p>Arguments: store URI, scratch folder, seed, ready file.
 */
public final class CrashWorker {
  static final int REFS = 4;

  private CrashWorker() {
  }

  /**
   * Works until killed.
   *
   * @param args store URI, scratch folder, seed, ready file
   * @throws Exception on any failure (the test then sees the process end by itself)
   */
  public static void main(String[] args) throws Exception {
    URI location = URI.create(args[0]);
    Path scratch = Files.createDirectories(Path.of(args[1]));
    long seed = Long.parseLong(args[2]);
    SplittableRandom random = new SplittableRandom(seed);
    try (BlobStore store = BlobStores.open(location)) {
      ObjectStore objects = new ObjectStore(store, 2);
      RefStore refs = new RefStore(store);
      Files.createFile(Path.of(args[3]));
      for (long step = 0; ; step++) {
        Digest digest = switch (random.nextInt(4)) {
          case 0 -> {
            try (InputStream in = new GeneratedInputStream(random.nextLong(), size(random))) {
              yield objects.ingest(in);
            }
          }
          case 1 -> objects.ingest(file(scratch.resolve("file-" + step), random));
          case 2 -> objects.ingestDirectory(directory(scratch.resolve("dir-" + step), random)).digest();
          default -> objects.put(("{\"record\":" + random.nextLong() + "}").getBytes(StandardCharsets.UTF_8));
        };
        RefName ref = RefName.of("crash/ref-" + random.nextInt(REFS));
        Optional<Digest> next = random.nextInt(20) == 0 ? Optional.empty() : Optional.of(digest);
        refs.update(ref, current -> next, "crash-worker", "step " + step + " of seed " + seed);
        System.out.println("step " + step + ": " + ref + " -> " + next.map(Digest::toString).orElse("deleted"));
      }
    }
  }

  /** Mostly small, sometimes up to a MiB, now and then large enough to take a while. */
  static long size(SplittableRandom random) {
    int kind = random.nextInt(20);
    if (kind == 0) {
      return random.nextLong(2L << 20, 8L << 20);
    }
    if (kind < 5) {
      return random.nextLong(64L << 10, 1L << 20);
    }
    return random.nextLong(0, 64L << 10);
  }

  private static Path file(Path file, SplittableRandom random) throws Exception {
    try (InputStream in = new GeneratedInputStream(random.nextLong(), size(random));
        OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
    }
    return file;
  }

  private static Path directory(Path root, SplittableRandom random) throws Exception {
    int files = random.nextInt(1, 7);
    for (int i = 0; i < files; i++) {
      Path file = root.resolve(i % 3 == 0 ? "f" + i : "sub" + (i % 2) + "/deeper/f" + i);
      Files.createDirectories(file.getParent());
      try (InputStream in = new GeneratedInputStream(random.nextLong(), random.nextInt(3) == 0 ? size(random) : random.nextInt(4096));
          OutputStream out = Files.newOutputStream(file)) {
        in.transferTo(out);
      }
      if (random.nextInt(4) == 0) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Files.createDirectories(root);
    return root;
  }
}
