package dev.pedigree.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.StagedBlob;
import dev.pedigree.storage.SupportsAbandonedUploads.PendingUpload;
import dev.pedigree.storage.gcs.testserver.Operation;
import dev.pedigree.storage.gcs.testserver.RecordedRequest;
import dev.pedigree.testing.GeneratedBlobSource;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingest into GCS in one pass with no local copy: past one request's worth, the bytes stream
 * as a resumable upload to a staging object while they are hashed, which is then rewritten
 * under the digest with {@code ifGenerationMatch=0}, through the test server on loopback.
 */
class GcsStagedUploadTest {
  private static final int KIB = 1024;
  private static GcsFixture fixture;
  private String prefix;
  private GcsBlobStore store;

  @BeforeAll
  static void start() {
    fixture = new GcsFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @BeforeEach
  void open() {
    prefix = GcsFixture.freshPrefix();
    // One request up to 256 KiB, then 256 KiB chunks: a 1 MiB object streams in four.
    store = new GcsBlobStore(fixture.storage, GcsFixture.BUCKET, prefix, null, false, 256 * KIB, 256 * KIB, true);
  }

  @Test
  void aStreamIsHashedWhileItGoesUpAndRewrittenUnderItsDigestWithNoStagingObjectLeft() throws Exception {
    GeneratedBlobSource content = GeneratedBlobSource.of(1024 * KIB + 123, 5);
    ObjectStore objects = new ObjectStore(store);
    fixture.server.clearRequests();

    Digest digest;
    try (InputStream in = content.open()) {
      digest = objects.ingest(in);
    }

    assertThat(names()).containsExactly(prefix + "/" + ObjectStore.keyOf(digest).value());
    assertThat(fixture.server.requests()).extracting(RecordedRequest::operation)
        .contains(Operation.RESUMABLE_START, Operation.REWRITE).doesNotContain(Operation.INSERT);
    try (InputStream back = objects.open(digest)) {
      assertThat(GeneratedBlobSource.digestOf(back)).isEqualTo(content.digest());
    }
  }

  @Test
  void publishingOntoAnExistingKeyKeepsTheOldContentAndCleansUp() throws Exception {
    BlobKey key = BlobKey.of("objects/taken");
    GeneratedBlobSource first = GeneratedBlobSource.of(600 * KIB, 1);
    GeneratedBlobSource second = GeneratedBlobSource.of(700 * KIB, 2);
    CreateResult[] results = new CreateResult[2];
    int i = 0;
    for (GeneratedBlobSource content : List.of(first, second)) {
      try (StagedBlob staged = store.stage(); InputStream in = content.open()) {
        in.transferTo(staged.output());
        results[i++] = staged.publishIfAbsent(key);
      }
    }

    assertThat(results).containsExactly(CreateResult.CREATED, CreateResult.ALREADY_EXISTS);
    assertThat(GeneratedBlobSource.digestOf(store.read(key))).isEqualTo(first.digest());
    assertThat(names()).containsExactly(prefix + "/objects/taken");
  }

  @Test
  void aStagingObjectLeftBehindIsListedAsAnAbandonedUploadAndDiscarded() throws Exception {
    try (StagedBlob staged = store.stage(); InputStream in = GeneratedBlobSource.of(900 * KIB, 3).open()) {
      in.transferTo(staged.output()); // never published
    }
    assertThat(names()).as("an unfinished session shows nothing").isEmpty();

    // What a writer killed between finishing its upload and publishing it leaves.
    String leftover = prefix + "/" + GcsBlobStore.STAGING_FOLDER + UUID.randomUUID();
    fixture.server.putObject(GcsFixture.BUCKET, leftover, new byte[4096]);
    assertThat(store.listAll("")).as("staging objects are not keys of the store").isEmpty();
    List<PendingUpload> pending = store.pendingUploads(Instant.now().plusSeconds(60));
    assertThat(pending).singleElement().satisfies(p -> {
      assertThat(p.id()).isEqualTo(leftover);
      assertThat(p.bytes()).isEqualTo(4096);
    });
    assertThat(store.pendingUploads(Instant.now().minusSeconds(3600))).as("younger than the grace period").isEmpty();

    assertThat(store.discard(pending.get(0))).isTrue();
    assertThat(names()).isEmpty();
  }

  private List<String> names() {
    return fixture.server.objectNames(GcsFixture.BUCKET).stream().filter(n -> n.startsWith(prefix + "/")).toList();
  }
}
