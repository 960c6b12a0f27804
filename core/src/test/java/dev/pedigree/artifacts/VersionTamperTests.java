package dev.pedigree.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edits and deletes stored version records, log entries and events through the storage SPI;
 * {@code Repository.verify()} must notice. Run on each backend by a subclass.
 */
abstract class VersionTamperTests {
  private BlobStore store;
  private Repository repo;
  private ArtifactVersion second;

  /** Returns a fresh, empty store. */
  abstract BlobStore newStore();

  @BeforeEach
  void threeVersions() {
    store = newStore();
    repo = Repository.builder(store).actor("tester").build();
    for (int i = 1; i <= 3; i++) {
      ArtifactVersion v = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .bytes(("model " + i).getBytes(StandardCharsets.UTF_8)).metric("auc", 0.8 + i / 100.0).build());
      if (i == 2) {
        second = v;
      }
    }
    repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET).bytes(new byte[] {7}).build());
    RepositoryVerification clean = repo.verify();
    assertThat(clean.intact()).as(clean.toString()).isTrue();
    assertThat(clean.versionsChecked()).isEqualTo(4);
  }

  private static String text(InputStream in) throws Exception {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void anEditedVersionRecordIsDetected() throws Exception {
    BlobKey key = ObjectStore.keyOf(second.recordDigest());
    String record = text(store.read(key));
    store.write(key, BlobSource.ofBytes(record.replace("0.82", "0.99").getBytes(StandardCharsets.UTF_8)));
    RepositoryVerification result = repo.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.audit().intact()).isTrue();
    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.subject()).isEqualTo("churn-model:2");
      assertThat(p.description()).contains("cannot be read intact");
    });
  }

  @Test
  void aDeletedVersionRecordIsDetected() {
    store.delete(ObjectStore.keyOf(second.recordDigest()));
    assertThat(repo.verify().problems()).extracting(RepositoryVerification.Problem::subject).containsExactly("churn-model:2");
  }

  @Test
  void aDeletedVersionLogEntryIsDetectedThroughItsRegistrationEvent() {
    store.delete(RefStore.entryKey(ArtifactRegistry.versionsRef("churn-model"), 2));
    RepositoryVerification result = repo.verify();
    // Located twice: a gap in the log, and the registration event whose entry is gone.
    assertThat(result.problems()).hasSize(2).allSatisfy(p -> {
      assertThat(p.subject()).isEqualTo("churn-model:2");
      assertThat(p.kind()).isEqualTo(RepositoryVerification.Kind.TAMPERED);
    });
    assertThat(result.problems()).anySatisfy(p -> assertThat(p.description()).contains("which is gone"));
  }

  @Test
  void aVersionLogEntryPointedAtAnotherRecordIsDetected() throws Exception {
    BlobKey entry = RefStore.entryKey(ArtifactRegistry.versionsRef("churn-model"), 3);
    ArtifactVersion first = repo.artifacts().version(new VersionId("churn-model", 1));
    String text = text(store.read(entry));
    store.write(entry, BlobSource.ofBytes(text.replace(repo.artifacts().version(new VersionId("churn-model", 3))
        .recordDigest().toString(), first.recordDigest().toString()).getBytes(StandardCharsets.UTF_8)));
    RepositoryVerification result = repo.verify();
    assertThat(result.problems()).extracting(RepositoryVerification.Problem::subject).contains("churn-model:3");
    // The entry's own checksum no longer matches: it fails to read, here and through the API.
    assertThat(result.problems()).anySatisfy(p -> assertThat(p.description()).contains("does not match its checksum"));
  }

  @Test
  void removingTheNewestRegistrationEventIsDetectedThoughTheChainStillVerifies() {
    AuditEvent newest = repo.audit().head().orElseThrow();
    assertThat(newest.subject()).isEqualTo("raw-customers:1");
    store.delete(BlobKey.of("audit/events/" + String.format("%019d", Long.MAX_VALUE - newest.sequence())));
    RepositoryVerification result = repo.verify();
    assertThat(result.audit().intact()).isTrue();
    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.subject()).isEqualTo("raw-customers:1");
      assertThat(p.description()).contains("no audit event records entry 1");
    });
  }
}
