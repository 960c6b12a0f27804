package dev.pedigree.invariants;

import dev.pedigree.Repository;
import dev.pedigree.maintenance.GcListener;
import dev.pedigree.maintenance.GcOptions;
import dev.pedigree.maintenance.GcPhase;
import dev.pedigree.storage.FileBlobStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A garbage collector for {@link GcCrashTest} to kill: runs collections back to back on a
 * folder store, printing {@code phase <name>} as each phase starts and {@code swept} after
 * each object it sweeps, so the test knows where it struck.
 *
 * <p>Argument: the store folder.
 */
public final class GcCrashWorker {
  static final Duration WINDOW = Duration.ofMillis(300);
  static final Duration MAX_DURATION = Duration.ofSeconds(3);

  private GcCrashWorker() {
  }

  public static void main(String[] args) {
    try (FileBlobStore store = new FileBlobStore(Path.of(args[0]));
        Repository repo = Repository.builder(store).actor("gc").writerWindow(WINDOW).build()) {
      GcOptions options = GcOptions.builder().writerWindow(WINDOW).maxDuration(MAX_DURATION)
          .listener(new GcListener() {
            @Override
            public void phase(GcPhase phase) {
              System.out.println("phase " + phase);
              System.out.flush();
            }

            @Override
            public void progress(GcPhase phase, long done, long total) {
              if (phase == GcPhase.SWEEP) {
                System.out.println("swept " + done);
                System.out.flush();
              }
            }
          }).build();
      while (true) {
        System.out.println("gc " + repo.maintenance().gc(options));
        System.out.flush();
      }
    }
  }
}
