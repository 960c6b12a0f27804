package dev.pedigree.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edits the stored audit events through the storage SPI, as an attacker with bucket access
 * would; run on each backend by a subclass.
 */
abstract class AuditTamperTests {
  private BlobStore store;
  private Repository repo;

  /** Returns a fresh, empty store. */
  abstract BlobStore newStore() throws IOException;

  @BeforeEach
  void sixEvents() throws IOException {
    store = newStore();
    repo = Repository.builder(store).actor("tester").build();
    // The artifact's creation, two registrations, two moves and a rollback.
    for (int i = 1; i <= 2; i++) {
      repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .bytes(("model " + i).getBytes(StandardCharsets.UTF_8)).build());
    }
    repo.artifacts().moveAlias("churn-model", "production", 1, "first");
    repo.artifacts().moveAlias("churn-model", "production", 2, "second");
    repo.artifacts().rollback("churn-model", "production", "regression");
    AuditVerification clean = repo.audit().verify();
    assertThat(clean.intact()).isTrue();
    assertThat(clean.eventsChecked()).isEqualTo(6);
  }

  private byte[] bytes(long sequence) throws IOException {
    try (InputStream in = store.read(AuditLog.keyOf(sequence))) {
      return in.readAllBytes();
    }
  }

  private void put(long sequence, byte[] content) {
    store.write(AuditLog.keyOf(sequence), BlobSource.ofBytes(content));
  }

  @Test
  void anEditedEventIsReportedAtItsPosition() throws IOException {
    String original = new String(bytes(4), StandardCharsets.UTF_8);
    assertThat(original).contains("\"first\"");
    put(4, original.replace("\"first\"", "\"approved by cto\"").getBytes(StandardCharsets.UTF_8));
    AuditVerification result = repo.audit().verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.problems()).extracting(AuditVerification.Problem::sequence).containsExactly(4L);
    assertThat(result.problems().get(0).description()).contains("edited");
  }

  @Test
  void anEditThatAlsoFixesTheEventsOwnHashBreaksTheLinkFromTheNextEvent() throws Exception {
    // Re-hash the edited event as a careful attacker would: its successor still names the old hash.
    AuditEvent event = dev.pedigree.internal.Json.read(bytes(2), AuditEvent.class);
    String hash = AuditLog.hashOf(event.sequence(), event.time(), "mallory", event.type(), event.subject(),
        event.details(), event.previousHash());
    put(2, dev.pedigree.internal.Json.write(new AuditEvent(event.sequence(), event.time(), "mallory", event.type(),
        event.subject(), event.details(), event.previousHash(), hash)));
    AuditVerification result = repo.audit().verify();
    assertThat(result.problems()).extracting(AuditVerification.Problem::sequence).containsExactly(3L);
    assertThat(result.problems().get(0).description()).contains("does not follow event 2");
  }

  @Test
  void aDeletedEventIsReportedAtItsPosition() {
    store.delete(AuditLog.keyOf(3));
    AuditVerification result = repo.audit().verify();
    assertThat(result.problems()).extracting(AuditVerification.Problem::sequence).contains(3L);
    assertThat(result.problems()).anySatisfy(p -> assertThat(p.description()).contains("events 3 to 3 are missing"));
  }

  @Test
  void deletingTheFirstEventsIsReported() {
    store.delete(AuditLog.keyOf(1));
    store.delete(AuditLog.keyOf(2));
    AuditVerification result = repo.audit().verify();
    assertThat(result.problems()).anySatisfy(p -> {
      assertThat(p.sequence()).isEqualTo(2L);
      assertThat(p.description()).contains("events 1 to 2 are missing");
    });
  }

  @Test
  void reorderedEventsAreReportedAtBothPositions() throws IOException {
    byte[] second = bytes(2);
    byte[] fifth = bytes(5);
    put(2, fifth);
    put(5, second);
    AuditVerification result = repo.audit().verify();
    assertThat(result.problems()).extracting(AuditVerification.Problem::sequence).contains(2L, 5L);
    assertThat(result.problems()).anySatisfy(p -> assertThat(p.description()).contains("says it is event 5"));
  }

  @Test
  void anInsertedEventIsReported() throws IOException {
    // Shift events 4..6 up by one and insert a forged event at 4 that chains to event 3.
    for (long n = 6; n >= 4; n--) {
      store.createIfAbsent(AuditLog.keyOf(n + 1), BlobSource.ofBytes(bytes(n)));
      store.delete(AuditLog.keyOf(n));
    }
    AuditEvent third = repo.audit().events(AuditQuery.all()).filter(e -> e.sequence() == 3).findFirst().orElseThrow();
    java.time.Instant time = third.time();
    String hash = AuditLog.hashOf(4, time, "mallory", AuditEventType.CUSTOM, "churn-model", java.util.Map.of(), third.hash());
    put(4, dev.pedigree.internal.Json.write(new AuditEvent(4, time, "mallory", AuditEventType.CUSTOM, "churn-model",
        java.util.Map.of(), third.hash(), hash)));
    AuditVerification result = repo.audit().verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.problems()).extracting(AuditVerification.Problem::sequence).contains(5L);
  }

  @Test
  void garbageInAnEventIsReportedAtItsPosition() {
    put(6, "{not json".getBytes(StandardCharsets.UTF_8));
    AuditVerification result = repo.audit().verify();
    assertThat(result.problems()).anySatisfy(p -> {
      assertThat(p.sequence()).isEqualTo(6L);
      assertThat(p.description()).contains("cannot be read");
    });
  }

  @Test
  void theStorageKeysAreWhereTheTestsEditThem() {
    assertThat(store.listAll("audit/events/").map(i -> i.key()).toList())
        .containsExactly(AuditLog.keyOf(6), AuditLog.keyOf(5), AuditLog.keyOf(4), AuditLog.keyOf(3),
            AuditLog.keyOf(2), AuditLog.keyOf(1));
    assertThat(AuditLog.keyOf(1)).isEqualTo(BlobKey.of("audit/events/" + (Long.MAX_VALUE - 1)));
  }
}
