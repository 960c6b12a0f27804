package dev.pedigree.invariants;

import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One writer of the cross-process ref race: stores {@code count} distinct objects and points
 * one ref at each in turn with the retrying update, writing each committed digest (with its
 * entry number) to a result file as soon as the update returns. Run in a child JVM by
 * {@link RefRaceAcrossProcessesTest}, and in threads of the test JVM.
 *
 * <p>Arguments: store URI, ref name, writer id, count, ready file, go file, result file.
 */
public final class RefRaceWorker {
  private RefRaceWorker() {
  }

  /**
   * Runs one writer in this process.
   *
   * @param args store URI, ref name, writer id, count, ready file, go file, result file
   * @throws Exception on any failure (the exit code is then non-zero)
   */
  public static void main(String[] args) throws Exception {
    URI location = URI.create(args[0]);
    RefName ref = RefName.of(args[1]);
    String writer = args[2];
    int count = Integer.parseInt(args[3]);
    Path ready = Path.of(args[4]);
    Path go = Path.of(args[5]);
    Path result = Path.of(args[6]);
    try (BlobStore store = BlobStores.open(location)) {
      // Warm up the code paths before the race starts, then say so and wait for the start.
      new ObjectStore(store).contains(Digest.of(new byte[0]));
      new RefStore(store).read(ref);
      Files.createFile(ready);
      while (!Files.exists(go)) {
        Thread.sleep(1);
      }
      run(store, ref, writer, count, result);
    }
  }

  /**
   * Commits {@code count} updates of one ref, appending {@code <sequence> <digest>} lines to
   * the result file as each commits.
   *
   * @return how many retrying updates ran out of attempts (and were run again)
   */
  static int run(BlobStore store, RefName ref, String writer, int count, Path result) throws IOException {
    ObjectStore objects = new ObjectStore(store);
    RefStore refs = new RefStore(store);
    int exhausted = 0;
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Objects before refs: the content exists before any ref names it.
      Digest value = objects.put(content(writer, i));
      while (true) {
        try {
          RefEntry entry = refs.update(ref, current -> Optional.of(value), writer, "update " + i);
          String line = entry.sequence() + " " + value + "\n";
          lines.add(line);
          Files.writeString(result, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          break;
        } catch (RefConflictException e) {
          // Every bounded attempt lost and nothing was written: the same update may run again.
          exhausted++;
        }
      }
    }
    if (exhausted > 0) {
      System.out.println(writer + ": " + exhausted + " retrying updates ran out of attempts and were run again");
    }
    return exhausted;
  }

  /** The content writer {@code writer} stores for its update {@code i}: distinct for every pair. */
  static byte[] content(String writer, int i) {
    return ("race writer " + writer + " update " + i).getBytes(StandardCharsets.UTF_8);
  }
}
