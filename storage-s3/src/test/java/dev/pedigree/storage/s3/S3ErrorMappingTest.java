package dev.pedigree.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** S3's errors become the SPI's typed exceptions, with messages that say what to check and hold no secret. */
class S3ErrorMappingTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final BlobKey KEY = BlobKey.of("refs/main/0000000001");
  private static String bucket;
  private static S3BlobStore store;

  @BeforeAll
  static void open() {
    bucket = S3.createBucket();
    store = new S3BlobStore(S3.client(), bucket, "errors");
    store.write(KEY, bytes("present"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void aMissingKeyIsNotFoundOnReadAndAbsentOnStatAndDelete() {
    BlobKey missing = BlobKey.of("refs/none");
    assertThatThrownBy(() -> store.read(missing))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessage("Cannot read key 'refs/none' from s3://" + bucket + "/errors: it does not exist; check the key, "
            + "or that the repository location is the one that holds it");
    assertThat(store.stat(missing)).isEmpty();
    assertThat(store.exists(missing)).isFalse();
    assertThat(store.delete(missing)).isFalse();
  }

  @Test
  void aWrongSecretIsAStorageExceptionThatSaysWhatToCheckAndHoldsNoSecret() {
    String wrongSecret = "wrong-secret-" + System.nanoTime();
    try (S3Client bad = S3.newClient(S3.accessKey(), wrongSecret);
        S3BlobStore denied = new S3BlobStore(bad, bucket, "errors")) {
      for (ThrowingCallable call : everyOperation(denied)) {
        assertThatThrownBy(call)
            .isInstanceOf(StorageException.class)
            .isNotInstanceOf(OutcomeUnknownException.class)
            .isNotInstanceOf(BlobNotFoundException.class)
            .hasMessageContaining("S3 answered HTTP 403")
            .hasMessageContaining("check the credentials")
            .satisfies(noSecretIn(wrongSecret, S3.secretKey()));
      }
    }
    assertThat(store.stat(KEY)).isPresent();
  }

  @Test
  void anUnknownAccessKeyIsAStorageException() {
    try (S3Client bad = S3.newClient("nobody", "whatever-secret");
        S3BlobStore denied = new S3BlobStore(bad, bucket, "errors")) {
      assertThatThrownBy(() -> denied.read(KEY))
          .isInstanceOf(StorageException.class)
          .isNotInstanceOf(BlobNotFoundException.class)
          .hasMessageContaining("HTTP 403")
          .satisfies(noSecretIn("whatever-secret"));
    }
  }

  @Test
  void aMissingBucketIsAStorageExceptionNamingTheBucket() {
    try (S3BlobStore nowhere = new S3BlobStore(S3.client(), "no-such-bucket-here", "x")) {
      assertThatThrownBy(() -> nowhere.read(KEY))
          .isInstanceOf(StorageException.class)
          .isNotInstanceOf(BlobNotFoundException.class)
          .hasMessageContaining("s3://no-such-bucket-here/x")
          .hasMessageContaining("NoSuchBucket")
          .hasMessageContaining("check the bucket name");
      assertThatThrownBy(() -> nowhere.createIfAbsent(KEY, bytes("x")))
          .isInstanceOf(StorageException.class)
          .isNotInstanceOf(OutcomeUnknownException.class)
          .hasMessageContaining("NoSuchBucket");
      assertThatThrownBy(() -> nowhere.list("", null, 10))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("NoSuchBucket");
    }
  }

  @Test
  void anUnreachableEndpointIsAStorageExceptionAndACreateThatNeverConnectedIsNotUnknown() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    try (S3Client client = S3.newClient(URI.create("http://127.0.0.1:" + port));
        S3BlobStore down = new S3BlobStore(client, bucket, "errors")) {
      assertThatThrownBy(() -> down.read(KEY))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("the endpoint could not be reached");
      // The write probe runs first; it fails the same plain way, and is tried again next time.
      assertThatThrownBy(() -> down.createIfAbsent(KEY, bytes("x")))
          .isExactlyInstanceOf(StorageException.class)
          .hasMessageStartingWith("Cannot check the write probe's marker in s3://" + bucket + "/errors: "
              + "the endpoint could not be reached");
    }
    try (S3Client client = S3.newClient(URI.create("http://127.0.0.1:" + port));
        S3BlobStore down = S3BlobStore.builder(client, bucket).prefix("errors").singleWriter().build()) {
      assertThatThrownBy(() -> down.createIfAbsent(KEY, bytes("x")))
          .isInstanceOf(StorageException.class)
          .isNotInstanceOf(OutcomeUnknownException.class)
          .hasMessageStartingWith("Cannot create key 'refs/main/0000000001' in s3://" + bucket + "/errors: "
              + "the endpoint could not be reached");
    }
  }

  @Test
  void aClosedStoreRefusesWork() {
    S3BlobStore closed = new S3BlobStore(S3.client(), bucket, "errors");
    closed.close();
    assertThatThrownBy(() -> closed.read(KEY)).isExactlyInstanceOf(StorageException.class)
        .hasMessage("Cannot use S3BlobStore[s3://" + bucket + "/errors]: it is closed; open the store again");
    // The caller's client stays open.
    assertThat(store.stat(KEY)).isPresent();
  }

  private static List<ThrowingCallable> everyOperation(S3BlobStore on) {
    return List.of(
        () -> on.read(KEY),
        () -> on.stat(KEY),
        () -> on.createIfAbsent(BlobKey.of("refs/new"), bytes("x")),
        () -> on.write(KEY, bytes("overwrite")),
        () -> on.list("", null, 10),
        () -> on.delete(KEY));
  }

  private static Consumer<Throwable> noSecretIn(String... secrets) {
    return thrown -> {
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      for (String secret : secrets) {
        assertThat(trace.toString()).doesNotContain(secret);
      }
    };
  }

  private static BlobSource bytes(String text) {
    return BlobSource.ofBytes(text.getBytes(UTF_8));
  }
}
