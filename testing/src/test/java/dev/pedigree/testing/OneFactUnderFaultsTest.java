package dev.pedigree.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.artifacts.AliasMove;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.Promoter;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.RunStatus;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fails each single write in turn of each registry operation (register, move, rollback, tag,
 * promotion, run start and finish, lineage import), in each of the three ways a write can
 * fail, and then proves: before recovery, {@code verify()} never reports tampering (only an
 * interrupted change); after {@code recover()}, the repository is intact; an acknowledged
 * change is there with its audit event; an unacknowledged one is wholly there or wholly absent.
 * Prints the number of faults injected.
 */
class OneFactUnderFaultsTest {
  private static final String MODEL = "churn-model";
  private static final String ALIAS = "production";

  /** One operation under test, on a repository prepared by {@link #prepare}. */
  private record Operation(String name, Function<Fixture, Object> apply, Function<Fixture, Object> state) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A prepared repository: three versions, the alias moved 1 then 2, one run started. */
  private record Fixture(Repository repo, ActiveRun run) {
  }

  private static Fixture prepare(Repository repo) {
    for (int i = 1; i <= 3; i++) {
      repo.artifacts().register(NewVersion.of(MODEL, ArtifactKind.MODEL)
          .bytes(("model " + i).getBytes(StandardCharsets.UTF_8)).metric("auc", 0.8 + i / 100.0).build());
    }
    repo.artifacts().moveAlias(MODEL, ALIAS, 1, "first");
    repo.artifacts().moveAlias(MODEL, ALIAS, 2, "second");
    ActiveRun run = repo.runs().start("train", CodeVersion.unknown());
    return new Fixture(repo, run);
  }

  private static Object holder(Fixture f) {
    return f.repo().artifacts().alias(MODEL, ALIAS).map(ArtifactVersion::number).orElse(0);
  }

  static Stream<Operation> operations() {
    Gate gate = Gate.named("always").require(Check.that("auc-present", c -> c.candidate().metric("auc").isPresent(),
        "an auc")).build();
    return Stream.of(
        new Operation("register", f -> f.repo().artifacts().register(NewVersion.of(MODEL, ArtifactKind.MODEL)
            .bytes("model 4".getBytes(StandardCharsets.UTF_8)).build()),
            f -> f.repo().artifacts().latest(MODEL).map(ArtifactVersion::number).orElse(0)),
        new Operation("register-new-artifact", f -> f.repo().artifacts().register(NewVersion.of("features",
            ArtifactKind.DATASET).bytes("rows".getBytes(StandardCharsets.UTF_8)).build()),
            f -> f.repo().artifacts().list("").count()),
        new Operation("move", f -> f.repo().artifacts().move(AliasMove.of(MODEL, ALIAS).to(3).expecting(2)
            .reason("third").build()), OneFactUnderFaultsTest::holder),
        new Operation("rollback", f -> f.repo().artifacts().rollback(MODEL, ALIAS, "regression"),
            OneFactUnderFaultsTest::holder),
        new Operation("tag", f -> f.repo().artifacts().setTag(new VersionId(MODEL, 2), "stage", "gold"),
            f -> f.repo().artifacts().version(new VersionId(MODEL, 2)).tags()),
        new Operation("promotion", f -> Promoter.of(f.repo()).promote(new VersionId(MODEL, 3), ALIAS, gate),
            OneFactUnderFaultsTest::holder),
        new Operation("run-start", f -> f.repo().runs().start("evaluate", CodeVersion.unknown()),
            f -> f.repo().runs().list().count()),
        new Operation("run-finish", f -> f.run().succeed(),
            f -> f.repo().runs().find(f.run().id()).map(Run::status).map(Object::toString).orElse("none")),
        new Operation("lineage-import", f -> {
          f.repo().runs().importLineage(List.of(imported()));
          return null;
        }, f -> f.repo().lineage().downstream(new VersionId(MODEL, 1)).runs().size()));
  }

  /** A run recorded by another tracker: it read version 1 and wrote version 2. */
  private static Run imported() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    return new Run("legacy-run-1", "legacy-train", RunStatus.SUCCEEDED, List.of(new VersionId(MODEL, 1)),
        List.of(new VersionId(MODEL, 2)), Map.of(), Map.of(), List.of(), CodeVersion.unknown(), Map.of(), at,
        Optional.of(at), Optional.empty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void eachSingleFailedWriteLeavesTheChangeWhollyThereOrWhollyAbsentAndAudited(Operation operation) {
    // A dry run counts the operation's writes and gives the state after it.
    MemoryBlobStore dryStore = new MemoryBlobStore();
    FaultInjectingBlobStore dry = new FaultInjectingBlobStore(dryStore);
    Fixture dryFixture = prepare(Repository.builder(dry).actor("tester").build());
    Object before = operation.state().apply(dryFixture);
    dry.disarm();
    operation.apply().apply(dryFixture);
    long writes = dry.writes();
    Object after = operation.state().apply(dryFixture);
    assertThat(after).as("the operation changes what it is observed by").isNotEqualTo(before);
    assertThat(writes).isGreaterThanOrEqualTo(3);

    int faults = 0;
    int acknowledged = 0;
    int applied = 0;
    for (long k = 1; k <= writes; k++) {
      for (FaultInjectingBlobStore.Fault fault : FaultInjectingBlobStore.Fault.values()) {
        MemoryBlobStore memory = new MemoryBlobStore();
        FaultInjectingBlobStore faulty = new FaultInjectingBlobStore(memory);
        Fixture fixture = prepare(Repository.builder(faulty).actor("tester").build());
        long eventsBefore = fixture.repo().audit().events(AuditQuery.all()).count();
        faulty.failWrite(k, fault);
        boolean ack;
        try {
          operation.apply().apply(fixture);
          ack = true;
        } catch (PedigreeException e) {
          ack = false;
        }
        assertThat(faulty.fired()).as("write %d of %s was made", k, operation).isTrue();
        faulty.disarm();
        faults++;

        String where = operation + ", write " + k + " of " + writes + ", " + fault + (ack ? ", acknowledged" : "");
        Repository reopened = Repository.builder(memory).actor("tester").build();
        RepositoryVerification before0 = reopened.verify();
        assertThat(before0.tampered()).as("%s: verify before recovery reports only interrupted changes: %s", where,
            before0.problems()).isFalse();
        reopened.recover();
        RepositoryVerification healed = reopened.verify(dev.pedigree.VerifyOptions.full());
        assertThat(healed.problems()).as("%s: after recovery", where).isEmpty();

        Object now = operation.state().apply(new Fixture(reopened, fixture.run()));
        long newEvents = reopened.audit().events(AuditQuery.all()).count() - eventsBefore;
        if (ack) {
          acknowledged++;
          assertThat(now).as("%s: an acknowledged change is there", where).isEqualTo(after);
        } else {
          assertThat(now).as("%s: an unacknowledged change is wholly there or wholly absent", where).isIn(before, after);
        }
        if (Objects.equals(now, after)) {
          applied++;
          assertThat(newEvents).as("%s: the change is audited", where).isGreaterThanOrEqualTo(1);
        }
        List<AuditEvent> recovered = reopened.audit().events(AuditQuery.all())
            .filter(e -> "true".equals(e.detail("recovered"))).toList();
        assertThat(recovered.size()).as("%s: recovered events", where).isLessThanOrEqualTo(1);
      }
    }
    System.out.printf("one-fact faults: %s: %d writes, %d faults injected, %d acknowledged, %d applied%n", operation,
        writes, faults, acknowledged, applied);
  }

  @Test
  void aRetryWithTheSameRequestIdAfterAnUnknownOutcomeRegistersOnce() {
    MemoryBlobStore memory = new MemoryBlobStore();
    FaultInjectingBlobStore faulty = new FaultInjectingBlobStore(memory);
    Repository repo = Repository.builder(faulty).actor("tester").build();
    prepare(repo);
    List<Integer> numbers = new ArrayList<>();
    for (long k = 1; k <= 8; k++) {
      String id = "retry-" + k;
      NewVersion request = NewVersion.of(MODEL, ArtifactKind.MODEL).bytes(("retried " + k).getBytes(StandardCharsets.UTF_8))
          .requestId(id).build();
      faulty.failWrite(k, FaultInjectingBlobStore.Fault.WRITTEN_THEN_UNKNOWN);
      try {
        numbers.add(repo.artifacts().register(request).number());
      } catch (PedigreeException e) {
        faulty.disarm();
        numbers.add(repo.artifacts().register(request).number());
      }
      faulty.disarm();
      // Asking again later returns the same version, not a new one.
      assertThat(repo.artifacts().register(request).number()).isEqualTo(numbers.get(numbers.size() - 1));
    }
    assertThat(numbers).containsExactly(4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(repo.artifacts().latest(MODEL).orElseThrow().number()).isEqualTo(11);
    assertThat(repo.verify().problems()).isEmpty();
  }
}
