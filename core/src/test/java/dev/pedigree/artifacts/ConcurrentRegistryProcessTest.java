package dev.pedigree.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.audit.AuditVerification;
import dev.pedigree.lineage.LineageView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes of eight threads each register versions of one artifact (each in a recorded
 * run) and move one alias on one local folder store, at the same time.
 */
class ConcurrentRegistryProcessTest {
  private static final int PROCESSES = 2;
  private static final int THREADS = 8;
  private static final int ITERATIONS = 3;

  @TempDir
  Path dir;

  @Test
  void processesRacingOnOneStoreLoseNothing() throws Exception {
    Path storeDir = Files.createDirectory(dir.resolve("store"));
    Path go = dir.resolve("go");
    String location = storeDir.toString();
    try (Repository repo = Repository.open(location)) {
      repo.artifacts().register(NewVersion.of("shared-data", ArtifactKind.DATASET).bytes(new byte[] {1, 2, 3}).build());
    }
    List<Process> processes = new ArrayList<>();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch ready = new CountDownLatch(PROCESSES);
    List<Thread> readers = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-cp", System.getProperty("java.class.path"), RegistryWorker.class.getName(),
          location, "p" + p, Integer.toString(THREADS), Integer.toString(ITERATIONS), go.toString())
          .redirectError(dir.resolve("p" + p + ".err").toFile()).start();
      processes.add(process);
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("READY")) {
              ready.countDown();
            } else {
              lines.add(line);
            }
          }
        } catch (IOException e) {
          lines.add("READ_FAILED " + e);
        }
      });
      reader.start();
      readers.add(reader);
    }
    // A hang guard, not a timing assertion: both children load and wait for the go-file.
    assertThat(ready.await(2, TimeUnit.MINUTES)).as("both workers started").isTrue();
    Files.createFile(go);
    for (int p = 0; p < PROCESSES; p++) {
      assertThat(processes.get(p).waitFor(5, TimeUnit.MINUTES)).as("worker p" + p + " finished").isTrue();
      assertThat(processes.get(p).exitValue()).as(Files.readString(dir.resolve("p" + p + ".err"))).isZero();
    }
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(lines).filteredOn("DONE"::equals).hasSize(PROCESSES);

    int total = PROCESSES * THREADS * ITERATIONS;
    List<Integer> numbers = lines.stream().filter(l -> l.startsWith("REGISTERED ")).map(l -> Integer.parseInt(l.substring(11))).toList();
    assertThat(numbers).hasSize(total).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
    Set<String> moved = lines.stream().filter(l -> l.startsWith("MOVED ")).map(l -> l.split(" ")[1]).collect(Collectors.toSet());
    List<Long> entries = lines.stream().filter(l -> l.startsWith("MOVED ")).map(l -> Long.parseLong(l.split(" ")[2])).toList();
    assertThat(entries).doesNotHaveDuplicates();
    long gaveUp = lines.stream().filter(l -> l.startsWith("GAVE_UP ")).count();
    assertThat(moved.size() + gaveUp).isEqualTo(total);
    assertThat(moved).isNotEmpty();

    try (Repository repo = Repository.open(location)) {
      assertThat(repo.artifacts().latest(RegistryWorker.ARTIFACT).orElseThrow().number()).isEqualTo(total);
      List<AliasChange> history = repo.artifacts().aliasHistory(RegistryWorker.ARTIFACT, RegistryWorker.ALIAS);
      assertThat(history).extracting(AliasChange::reason).containsExactlyInAnyOrderElementsOf(moved);
      assertThat(history).extracting(AliasChange::sequence).containsExactlyInAnyOrderElementsOf(entries);
      // Each entry's "from" is the previous entry's "to": no move was overwritten.
      List<AliasChange> oldestFirst = new ArrayList<>(history);
      Collections.reverse(oldestFirst);
      for (int i = 1; i < oldestFirst.size(); i++) {
        assertThat(oldestFirst.get(i).from()).isEqualTo(oldestFirst.get(i - 1).to());
      }

      AuditVerification chain = repo.audit().verify();
      assertThat(chain.problems()).isEmpty();
      // One event per artifact created (2), per registration (and the data's), per successful move,
      // and per run started and finished.
      assertThat(chain.eventsChecked()).isEqualTo(2 + 1 + total + moved.size() + 2L * total);
      List<AuditEvent> moves = repo.audit().events(AuditQuery.all().type(AuditEventType.ALIAS_MOVED)).toList();
      assertThat(moves).extracting(e -> e.detail("reason")).containsExactlyInAnyOrderElementsOf(moved);
      assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.VERSION_REGISTERED)).map(AuditEvent::subject))
          .containsAll(IntStream.rangeClosed(1, total).mapToObj(n -> RegistryWorker.ARTIFACT + ":" + n).toList())
          .hasSize(total + 1);
      assertThat(repo.verify().intact()).isTrue();

      // Every run of both processes reached the lineage graph through one gapless edge log.
      LineageView impact = repo.lineage().downstream(VersionId.parse(RegistryWorker.DATA));
      assertThat(impact.runs()).hasSize(total);
      assertThat(impact.versions()).hasSize(total + 1);
      assertThat(java.nio.file.Files.list(storeDir.resolve("lineage/edges")).count()).isEqualTo(total);
      assertThat(repo.lineage().upstream(new VersionId(RegistryWorker.ARTIFACT, total)).versions())
          .containsExactly(new VersionId(RegistryWorker.ARTIFACT, total), VersionId.parse(RegistryWorker.DATA));
    }
  }
}
