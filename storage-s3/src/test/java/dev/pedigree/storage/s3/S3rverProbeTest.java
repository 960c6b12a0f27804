package dev.pedigree.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.UnsafeBackendException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.CreateRace;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Pedigree on s3rver, a fake S3 server that ignores {@code If-None-Match: *} and stores the
 * SDK's {@code aws-chunked} framing as content: the write probe refuses it before anything is
 * acknowledged; with the probe opted out, the contract kit's create race shows the lost creates
 * the probe prevents.
 */
class S3rverProbeTest {
  private static S3rverServer server;
  private static S3Client plain;

  @BeforeAll
  static void start() throws IOException {
    server = S3rverServer.start();
    plain = server.newClient(false);
    System.setProperty("aws.accessKeyId", S3rverServer.KEY);
    System.setProperty("aws.secretAccessKey", S3rverServer.KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (plain != null) {
      plain.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static String prefix() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void theProbeRefusesEveryCreateOfTheRaceAndNothingIsAcknowledged() {
    try (BlobStore store = S3BlobStore.builder(plain, S3rverServer.BUCKET).prefix(prefix()).build()) {
      CreateRace.Outcome outcome = CreateRace.run(store, "race/", 8, 3);

      assertThat(outcome.failures()).hasSize(8 * 3).allSatisfy(failure -> assertThat(failure)
          .isExactlyInstanceOf(UnsafeBackendException.class)
          .hasMessageStartingWith("Cannot write to s3://" + S3rverServer.BUCKET + "/")
          .hasMessageContaining("through " + server.endpoint())
          .hasMessageContaining("a second PutObject with 'If-None-Match: *' on the same key succeeded")
          .hasMessageContaining("a CompleteMultipartUpload with 'If-None-Match: *' on an existing key succeeded")
          .hasMessageContaining("acknowledged updates would be lost")
          .hasMessageContaining("singleWriter=true")
          .hasMessageContaining("two writers would then silently lose updates"));
      for (int round = 0; round < 3; round++) {
        assertThat(outcome.winners(round)).as("winners of round %d", round).isEmpty();
      }
      assertThat(store.listAll("")).isEmpty();
    }
  }

  @Test
  void withTheProbeOptedOutTheSameRaceAcknowledgesCreatesThatAreLost() {
    try (BlobStore store = S3BlobStore.builder(plain, S3rverServer.BUCKET).prefix(prefix()).singleWriter().build()) {
      CreateRace.Outcome outcome = CreateRace.run(store, "race/", 8, 3);

      assertThat(outcome.failures()).isEmpty();
      // Several threads per round were told "created"; only the last one's content survived.
      assertThat(outcome.lostCreates()).isPositive();
      for (int round = 0; round < 3; round++) {
        // s3rver never answers 412: every one of the 8 writers is told "created".
        assertThat(outcome.winners(round)).as("winners of round %d", round).hasSize(8);
      }
    }
  }

  @Test
  void aRepositoryOpenedFromAUriRefusesItsFirstRegistration() {
    String uri = server.uri(prefix(), "");
    try (Repository repo = Repository.open(uri)) {
      assertThatThrownBy(() -> repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .bytes("model".getBytes(UTF_8)).build()))
          .isInstanceOf(UnsafeBackendException.class)
          .hasMessageContaining("would be lost")
          .hasMessageNotContaining("?");
    }
  }

  @Test
  void aSingleWriterCanUseTheServerWithPlainUploads() throws IOException {
    String uri = server.uri(prefix(), "&singleWriter=true");
    try (Repository repo = Repository.open(uri)) {
      repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL).bytes("model 1".getBytes(UTF_8)).build());
      ArtifactVersion second = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .bytes("model 2".getBytes(UTF_8)).build());
      assertThat(second.number()).isEqualTo(2);
      try (InputStream in = repo.artifacts().open(second)) {
        assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("model 2");
      }
      // Not repo.verify(): s3rver 3.7.1 answers some paged listings (audit/events/) with HTTP 500.
    }
  }

  @Test
  void contentStoredWithChunkFramingNamesTheOptionThatFixesIt() throws IOException {
    try (S3Client chunked = S3Client.builder().endpointOverride(server.endpoint()).region(S3ProxyServer.REGION)
        .forcePathStyle(true).credentialsProvider(plain.serviceClientConfiguration().credentialsProvider()).build();
        BlobStore store = S3BlobStore.builder(chunked, S3rverServer.BUCKET).prefix(prefix()).singleWriter().build()) {
      store.write(BlobKey.of("record"), BlobSource.ofBytes("{\"a\": 1}".repeat(10).getBytes(UTF_8)));

      assertThatThrownBy(() -> {
        try (InputStream in = store.read(BlobKey.of("record"))) {
          in.readAllBytes();
        }
      }).isInstanceOf(IOException.class)
          .hasMessageContaining("aws-chunked upload framing")
          .hasMessageContaining("chunkedEncoding=false&checksums=when_required")
          .hasMessageNotContaining("backup");
    }
    try (S3Client chunked = S3Client.builder().endpointOverride(server.endpoint()).region(S3ProxyServer.REGION)
        .forcePathStyle(true).credentialsProvider(plain.serviceClientConfiguration().credentialsProvider()).build();
        BlobStore store = S3BlobStore.builder(chunked, S3rverServer.BUCKET).prefix(prefix()).build()) {
      assertThatThrownBy(() -> store.write(BlobKey.of("record"), BlobSource.ofBytes("x".getBytes(UTF_8))))
          .isInstanceOf(UnsafeBackendException.class)
          .hasMessageContaining("aws-chunked upload framing");
    }
  }
}
