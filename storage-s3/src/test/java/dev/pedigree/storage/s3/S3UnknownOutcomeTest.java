package dev.pedigree.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A conditional create whose request or response is lost on the network, through a proxy that
 * drops exactly one of them: the store retries, and when a retry finds the key existing it does
 * not guess who wrote it — a different content proves another writer, an identical one leaves
 * the outcome unknown.
 */
class S3UnknownOutcomeTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final long MIB = 1 << 20;
  private static String bucket;
  private static FaultyProxy proxy;
  private static S3Client throughProxy;
  private static S3BlobStore store;
  /** The same keys, reached directly: another writer. */
  private static S3BlobStore other;

  @BeforeAll
  static void open() throws IOException {
    bucket = S3.createBucket();
    proxy = new FaultyProxy(S3.endpoint());
    throughProxy = S3.newClient(proxy.endpoint());
    store = S3BlobStore.builder(throughProxy, bucket).prefix("p").partSize(5 * MIB).multipartThreshold(5 * MIB).build();
    other = new S3BlobStore(S3.client(), bucket, "p");
  }

  @AfterAll
  static void close() throws IOException {
    store.close();
    other.close();
    throughProxy.close();
    proxy.close();
  }

  @AfterEach
  void noUploadIsLeftBehind() {
    assertThat(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void aLostResponseToACreateThatLandedIsAnUnknownOutcome() {
    BlobKey key = BlobKey.of("refs/lost-response");
    proxy.loseNext(line -> line.startsWith("PUT /" + bucket + "/p/refs/lost-response"), FaultyProxy.Fault.LOSE_RESPONSE,
        () -> { });

    assertThatThrownBy(() -> store.createIfAbsent(key, bytes("mine")))
        .isInstanceOf(OutcomeUnknownException.class)
        .hasMessageContaining("refs/lost-response")
        .hasMessageContaining("exactly the content of this call")
        .satisfies(e -> assertThat(((OutcomeUnknownException) e).key()).isEqualTo("refs/lost-response"));
    assertThat(proxy.injected()).isEqualTo(1);
    assertThat(text(other, key)).isEqualTo("mine");
  }

  @Test
  void aLostRequestWhileAnotherWriterCreatesTheKeyIsAlreadyExists() {
    BlobKey key = BlobKey.of("refs/lost-request-other");
    proxy.loseNext(line -> line.startsWith("PUT /" + bucket + "/p/refs/lost-request-other"),
        FaultyProxy.Fault.LOSE_REQUEST,
        () -> assertThat(other.createIfAbsent(key, bytes("theirs"))).isEqualTo(CreateResult.CREATED));

    assertThat(store.createIfAbsent(key, bytes("mine"))).isEqualTo(CreateResult.ALREADY_EXISTS);
    assertThat(text(other, key)).isEqualTo("theirs");
  }

  @Test
  void aLostRequestIsRetriedAndCreates() {
    BlobKey key = BlobKey.of("refs/lost-request");
    proxy.loseNext(line -> line.startsWith("PUT /" + bucket + "/p/refs/lost-request "), FaultyProxy.Fault.LOSE_REQUEST,
        () -> { });

    assertThat(store.createIfAbsent(key, bytes("mine"))).isEqualTo(CreateResult.CREATED);
    assertThat(proxy.injected()).isEqualTo(1);
    assertThat(text(other, key)).isEqualTo("mine");
  }

  @Test
  void aLostResponseToAMultipartCompletionIsRetriedAndTheUploadStands() {
    BlobKey key = BlobKey.of("objects/lost-completion");
    BlobSource content = TestContent.generated(11, 12 * MIB);
    proxy.loseNext(line -> line.startsWith("POST /" + bucket + "/p/objects/lost-completion?uploadId="),
        FaultyProxy.Fault.LOSE_RESPONSE, () -> { });

    // The completion is sent again for the same upload, and the server confirms it (200): the
    // upload id is this call's own, so the key holds this call's content.
    assertThat(store.createIfAbsent(key, content)).isEqualTo(CreateResult.CREATED);
    assertThat(proxy.injected()).isEqualTo(1);
    assertThat(TestContent.sha256(other.read(key))).isEqualTo(TestContent.sha256(content));
  }

  @Test
  void aLostMultipartCompletionWhileAnotherWriterCreatesTheKeyIsAlreadyExists() {
    BlobKey key = BlobKey.of("objects/lost-completion-other");
    BlobSource mine = TestContent.generated(12, 12 * MIB);
    proxy.loseNext(line -> line.startsWith("POST /" + bucket + "/p/objects/lost-completion-other?uploadId="),
        FaultyProxy.Fault.LOSE_REQUEST,
        () -> assertThat(other.createIfAbsent(key, bytes("theirs"))).isEqualTo(CreateResult.CREATED));

    assertThat(store.createIfAbsent(key, mine)).isEqualTo(CreateResult.ALREADY_EXISTS);
    assertThat(proxy.injected()).isEqualTo(1);
    assertThat(text(other, key)).isEqualTo("theirs");
  }

  private static BlobSource bytes(String text) {
    return BlobSource.ofBytes(text.getBytes(UTF_8));
  }

  private static String text(S3BlobStore from, BlobKey key) {
    try (InputStream in = from.read(key)) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
