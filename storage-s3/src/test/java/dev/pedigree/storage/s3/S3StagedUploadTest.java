package dev.pedigree.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.StagedBlob;
import dev.pedigree.storage.SupportsAbandonedUploads.PendingUpload;
import dev.pedigree.testing.GeneratedBlobSource;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Ingest into S3 in one pass with no local copy: the bytes go up as the parts of a staged
 * multipart upload while they are hashed, and are then published under their digest by
 * {@code UploadPartCopy} into a conditional completion, through S3Proxy on loopback.
 */
class S3StagedUploadTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final String BUCKET = S3.createBucket();
  private static final long MIB = 1 << 20;
  private String prefix;
  private S3BlobStore store;

  @BeforeEach
  void open() {
    prefix = "staged/" + UUID.randomUUID();
    // The smallest parts S3 allows, so 10 MiB and a bit make three parts, two in flight at most; no write
    // probe, so the bucket holds only what staging leaves.
    store = S3BlobStore.builder(S3.client(), BUCKET).prefix(prefix).partSize(5 * MIB).multipartThreshold(5 * MIB)
        .parallelism(2).singleWriter().build();
  }

  @AfterEach
  void close() {
    assertThat(S3.client().listMultipartUploads(b -> b.bucket(BUCKET).prefix(prefix + "/")).uploads())
        .as("no unfinished upload is left behind").isEmpty();
    store.close();
  }

  @Test
  void aStreamIsHashedWhileItGoesUpAndPublishedUnderItsDigestWithNoStagedCopyLeft() throws Exception {
    GeneratedBlobSource content = GeneratedBlobSource.of(10 * MIB + 12_345, 7);
    ObjectStore objects = new ObjectStore(store);

    Digest digest;
    try (InputStream in = content.open()) {
      digest = objects.ingest(in);
    }

    assertThat(rawKeys()).containsExactly(prefix + "/" + ObjectStore.keyOf(digest).value());
    assertThat(objects.size(digest)).isEqualTo(10 * MIB + 12_345);
    try (InputStream back = objects.open(digest)) {
      assertThat(GeneratedBlobSource.digestOf(back)).isEqualTo(content.digest());
    }
    try (InputStream again = content.open()) {
      assertThat(objects.ingest(again)).as("the same content again").isEqualTo(digest);
    }
    assertThat(rawKeys()).as("the second ingest found the object and left nothing").hasSize(1);
  }

  @Test
  void publishingStagedPartsOntoAnExistingKeyKeepsTheOldContentAndCleansUp() throws Exception {
    BlobKey key = BlobKey.of("objects/taken");
    GeneratedBlobSource first = GeneratedBlobSource.of(6 * MIB, 1);
    GeneratedBlobSource second = GeneratedBlobSource.of(6 * MIB, 2);
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
    assertThat(rawKeys()).containsExactly(prefix + "/objects/taken");
  }

  @Test
  void stagedPartsNeverPublishedAreDiscardedOnCloseAndALeftoverIsCollectable() throws Exception {
    try (StagedBlob staged = store.stage(); InputStream in = GeneratedBlobSource.of(11 * MIB, 3).open()) {
      in.transferTo(staged.output()); // two parts sent, the third still in memory; never published
    }
    assertThat(rawKeys()).isEmpty();

    // What a writer killed between completing its staged upload and publishing it leaves.
    String leftover = prefix + "/" + S3BlobStore.STAGING_FOLDER + UUID.randomUUID();
    S3.client().putObject(b -> b.bucket(BUCKET).key(leftover), RequestBody.fromBytes(new byte[4096]));
    assertThat(store.listAll("")).as("staged objects are not keys of the store").isEmpty();
    List<PendingUpload> pending = store.pendingUploads(Instant.now().plusSeconds(60));
    assertThat(pending).singleElement().satisfies(p -> {
      assertThat(p.id()).isEqualTo(leftover);
      assertThat(p.bytes()).isEqualTo(4096);
    });
    assertThat(store.pendingUploads(Instant.now().minusSeconds(3600))).as("younger than the grace period").isEmpty();

    assertThat(store.discard(pending.get(0))).isTrue();
    assertThat(rawKeys()).isEmpty();
  }

  private List<String> rawKeys() {
    return S3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix + "/")).contents().stream()
        .map(S3Object::key).toList();
  }
}
