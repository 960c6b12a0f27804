package dev.pedigree.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry, lineage and audit behaviour every backend must give, run through a whole
 * {@link Repository} on the backend under test. A backend's test subclasses it in a few lines:
 *
 * <pre>{@code
 * class S3RepositoryContractTest extends RepositoryContract {
 *   @Override protected BlobStore newStore() { return new S3BlobStore(client, bucket, "repo/" + UUID.randomUUID()); }
 * }
 * }</pre>
 */
public abstract class RepositoryContract {
  private BlobStore store;
  private Repository repo;

  /**
   * Returns a fresh, empty store for one test.
   *
   * @return the store
   * @throws Exception if it cannot be made
   */
  protected abstract BlobStore newStore() throws Exception;

  /**
   * Returns how many threads register versions and move an alias at once in the race test.
   *
   * @return the thread count
   */
  protected int writerThreads() {
    return 8;
  }

  /**
   * Returns how many versions each thread registers in the race test.
   *
   * @return the count
   */
  protected int versionsPerThread() {
    return 3;
  }

  @BeforeEach
  void openRepository() throws Exception {
    store = newStore();
    repo = Repository.builder(store).actor("contract").build();
  }

  @AfterEach
  void closeRepository() {
    repo.close();
    store.close();
  }

  /**
   * Returns the repository of the running test.
   *
   * @return the repository
   */
  protected final Repository repository() {
    return repo;
  }

  private ArtifactVersion model(String content, double auc) {
    return repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes(content.getBytes(StandardCharsets.UTF_8)).metric("auc", auc).build());
  }

  @Test
  void versionsAreNumberedAndTheirContentReadsBackVerified() throws Exception {
    ArtifactVersion first = model("weights one", 0.8);
    ArtifactVersion second = model("weights two", 0.82);
    ArtifactVersion again = model("weights one", 0.8);

    assertThat(List.of(first.number(), second.number(), again.number())).containsExactly(1, 2, 3);
    assertThat(again.content()).as("same content, one object").isEqualTo(first.content());
    try (InputStream in = repo.artifacts().open(repo.artifacts().resolve("churn-model:2"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("weights two");
    }
    assertThat(repo.artifacts().resolve("churn-model").number()).isEqualTo(3);
  }

  @Test
  void aliasMovesAreKeptAndRollBackRestoresThePreviousHolder() {
    model("a", 0.8);
    model("b", 0.81);
    repo.artifacts().moveAlias("churn-model", "production", 1, "first");
    repo.artifacts().moveAlias("churn-model", "production", 2, "second");

    AliasChange back = repo.artifacts().rollback("churn-model", "production", "complaints");

    assertThat(back.kind()).isEqualTo(AliasChange.Kind.ROLLBACK);
    assertThat(repo.artifacts().resolve("churn-model@production").number()).isEqualTo(1);
    assertThat(repo.artifacts().aliasHistory("churn-model", "production"))
        .extracting(c -> c.to().getAsInt()).containsExactly(1, 2, 1);
    assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.ALIAS_ROLLED_BACK)).count()).isEqualTo(1);
    assertThat(repo.verify().intact()).isTrue();
  }

  @Test
  void concurrentRegistrationsGetUniqueNumbersAndNoAliasMoveIsLost() throws Exception {
    int threads = writerThreads();
    int each = versionsPerThread();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Integer> numbers = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> moves = new ConcurrentLinkedQueue<>();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            ArtifactVersion v = model("thread " + thread + " version " + i, 0.8);
            numbers.add(v.number());
            moves.add(repo.artifacts().moveAlias("churn-model", "production", v.number(), "thread " + thread).sequence());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    int total = threads * each;
    Set<Integer> expected = new TreeSet<>();
    for (int n = 1; n <= total; n++) {
      expected.add(n);
    }
    assertThat(new TreeSet<>(numbers)).isEqualTo(expected);
    assertThat(numbers).hasSize(total);
    List<AliasChange> history = repo.artifacts().aliasHistory("churn-model", "production");
    assertThat(history).hasSize(total);
    assertThat(history).extracting(AliasChange::sequence).containsExactlyInAnyOrderElementsOf(moves);
    for (int i = 0; i + 1 < history.size(); i++) {
      assertThat(history.get(i).from()).as("move %d follows move %d", history.get(i).sequence(), history.get(i + 1).sequence())
          .isEqualTo(history.get(i + 1).to());
    }
    assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.VERSION_REGISTERED)).count()).isEqualTo(total);
    assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.ALIAS_MOVED)).count()).isEqualTo(total);
    assertThat(repo.verify().intact()).isTrue();
  }

  @Test
  void lineageAnswersProvenanceAndImpact() {
    ArtifactVersion data = repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET)
        .bytes("id,tenure\n1,3\n".getBytes(StandardCharsets.UTF_8)).build());
    ArtifactVersion produced;
    try (ActiveRun run = repo.runs().start("train", CodeVersion.of("1.0"))) {
      run.input(data);
      produced = run.register(NewVersion.of("churn-model", ArtifactKind.MODEL).bytes(new byte[] {1, 2, 3}).build());
      run.succeed();
    }

    assertThat(repo.lineage().downstream(data.id()).contains(produced.id())).isTrue();
    assertThat(repo.lineage().upstream(produced.id()).contains(data.id())).isTrue();
    assertThat(repo.lineage().upstream(data.id()).versions()).containsExactly(data.id());
  }

  @Test
  void anEditedAuditEventIsFoundByVerify() throws Exception {
    model("a", 0.8);
    repo.artifacts().moveAlias("churn-model", "production", 1, "first");
    BlobInfo event = store.listAll("audit/").findFirst().orElseThrow();
    byte[] bytes;
    try (InputStream in = store.read(event.key())) {
      bytes = in.readAllBytes();
    }
    String edited = new String(bytes, StandardCharsets.UTF_8).replace("\"contract\"", "\"mallory\"");
    assertThat(edited).isNotEqualTo(new String(bytes, StandardCharsets.UTF_8));
    store.write(event.key(), BlobSource.ofBytes(edited.getBytes(StandardCharsets.UTF_8)));

    assertThat(repo.audit().verify().intact()).isFalse();
    assertThat(repo.verify().intact()).isFalse();
  }

  @Test
  void badReferencesAreTypedErrorsAndChangeNothing() {
    model("a", 0.8);
    long keysBefore = store.listAll("").count();

    assertThatThrownBy(() -> repo.artifacts().resolve("churn-model:7")).isInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining("no version 7");
    assertThatThrownBy(() -> repo.artifacts().resolve("churn-model@staging")).isInstanceOf(ArtifactNotFoundException.class);
    assertThatThrownBy(() -> repo.artifacts().resolve("../etc")).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> repo.artifacts().moveAlias("churn-model", "production", 9, "x"))
        .isInstanceOf(ArtifactNotFoundException.class);

    assertThat(store.listAll("").count()).isEqualTo(keysBefore);
    assertThat(repo.artifacts().aliases("churn-model")).isEmpty();
    assertThat(repo.artifacts().findVersion(new VersionId("churn-model", 2))).isEmpty();
  }
}
