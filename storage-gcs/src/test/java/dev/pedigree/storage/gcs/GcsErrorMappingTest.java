package dev.pedigree.storage.gcs;

import static dev.pedigree.storage.gcs.GcsBlobStoreTest.objectName;
import static dev.pedigree.storage.gcs.GcsBlobStoreTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.storage.Storage;
import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.gcs.testserver.Fault;
import dev.pedigree.storage.gcs.testserver.FaultKind;
import dev.pedigree.storage.gcs.testserver.Operation;
import dev.pedigree.storage.gcs.testserver.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How service answers become Pedigree exceptions: 404, 401, 403 and 5xx, an unreachable
 * endpoint, a download cut short; and that no message carries the caller's credentials.
 */
class GcsErrorMappingTest {
  private static final String TOKEN = "ya29.pedigree-test-secret-token";

  private static GcsFixture fixture;
  private static Storage withToken;

  @BeforeAll
  static void start() {
    fixture = new GcsFixture();
    GoogleCredentials credentials = GoogleCredentials.create(new AccessToken(TOKEN, new Date(System.currentTimeMillis() + 3_600_000)));
    withToken = fixture.server.clientOptions(4).setCredentials(credentials).build().getService();
  }

  @AfterAll
  static void stop() throws Exception {
    withToken.close();
    fixture.close();
  }

  @Test
  void accessDeniedNamesTheBucketAndTheFixButNeverTheToken() {
    GcsBlobStore store = GcsFixture.store(withToken, GcsFixture.freshPrefix());
    BlobKey key = BlobKey.of("secret/thing");
    store.write(key, BlobSource.ofBytes(utf8("x")));
    String name = objectName(store, key);
    fixture.server.inject(new Fault(Operation.DOWNLOAD, name, FaultKind.FORBIDDEN, 1));
    Throwable denied = catchFrom(() -> store.read(key));
    assertThat(denied).isExactlyInstanceOf(StorageException.class).hasMessage("Cannot read " + store.location()
        + "secret/thing: access was denied (HTTP 403); grant the credentials' principal object access on bucket '"
        + GcsFixture.BUCKET + "' (for example roles/storage.objectAdmin)");
    assertThat(everything(denied)).doesNotContain(TOKEN);
    // The token did travel: the service saw it, the exception does not carry it.
    assertThat(fixture.server.requests()).filteredOn(r -> name.equals(r.objectName()))
        .extracting(RecordedRequest::authorization).contains("Bearer " + TOKEN);
  }

  @Test
  void rejectedCredentialsSayHowToSetThemUp() {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("k");
    fixture.server.inject(new Fault(Operation.GET, objectName(store, key), FaultKind.UNAUTHENTICATED, 1));
    assertThatThrownBy(() -> store.stat(key)).isExactlyInstanceOf(StorageException.class).hasMessage("Cannot stat "
        + store.location() + "k: the service rejected the credentials (HTTP 401); check the application-default "
        + "credentials ('gcloud auth application-default login' or GOOGLE_APPLICATION_CREDENTIALS)");
  }

  @Test
  void aTokenThatCannotBeRefreshedAfterA401IsReportedWithoutTheToken() {
    // On a 401 the client tries to refresh the token; a fixed token cannot be refreshed.
    GcsBlobStore store = GcsFixture.store(withToken, GcsFixture.freshPrefix());
    BlobKey key = BlobKey.of("k");
    fixture.server.inject(new Fault(Operation.GET, objectName(store, key), FaultKind.UNAUTHENTICATED, 1));
    Throwable rejected = catchFrom(() -> store.stat(key));
    assertThat(rejected).isExactlyInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot stat " + store.location() + "k: the client could not send the request (")
        .hasMessageEndingWith("; check the credentials and the client's settings");
    assertThat(everything(rejected)).doesNotContain(TOKEN);
  }

  @Test
  void everyOperationMapsARefusal() {
    GcsBlobStore store = GcsFixture.store(withToken, GcsFixture.freshPrefix());
    BlobKey key = BlobKey.of("k");
    String name = objectName(store, key);
    fixture.server.inject(new Fault(Operation.INSERT, name, FaultKind.FORBIDDEN, 1));
    assertThatThrownBy(() -> store.write(key, BlobSource.ofBytes(utf8("x")))).isExactlyInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot write " + store.location() + "k: access was denied (HTTP 403)");
    fixture.server.inject(new Fault(Operation.DELETE, name, FaultKind.FORBIDDEN, 1));
    assertThatThrownBy(() -> store.delete(key)).isExactlyInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot delete " + store.location() + "k: access was denied (HTTP 403)");
    fixture.server.inject(new Fault(Operation.LIST, null, FaultKind.FORBIDDEN, 1));
    assertThatThrownBy(() -> store.list("", null, 10)).isExactlyInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot list " + store.location() + ": access was denied (HTTP 403)");
  }

  @Test
  void aMissingBucketIsReportedAsSuchAndNeverAsAnUnknownOutcome() {
    // Single writer: past the write probe, which fails the same plain way (below).
    GcsBlobStore store = GcsBlobStore.singleWriter(fixture.storage, "no-such-bucket", "p");
    BlobKey key = BlobKey.of("k");
    String advice = "the bucket or object does not exist (HTTP 404); check that bucket 'no-such-bucket' exists and the "
        + "location names it";
    assertThatThrownBy(() -> new GcsBlobStore(fixture.storage, "no-such-bucket", "p").write(key,
        BlobSource.ofBytes(utf8("x")))).isExactlyInstanceOf(StorageException.class)
        .hasMessage("Cannot run the write probe (conditional creates under '.pedigree probe/') in "
            + "gs://no-such-bucket/p/: " + advice);
    assertThatThrownBy(() -> store.list("", null, 1)).isExactlyInstanceOf(StorageException.class)
        .hasMessage("Cannot list gs://no-such-bucket/p/: " + advice);
    assertThatThrownBy(() -> store.createIfAbsent(key, BlobSource.ofBytes(utf8("x")))).isExactlyInstanceOf(StorageException.class)
        .hasMessage("Cannot create gs://no-such-bucket/p/k: " + advice);
    assertThatThrownBy(() -> store.write(key, BlobSource.ofBytes(utf8("x")))).isExactlyInstanceOf(StorageException.class)
        .hasMessage("Cannot write gs://no-such-bucket/p/k: " + advice);
    assertThatThrownBy(() -> store.read(key)).isInstanceOf(BlobNotFoundException.class);
    // GCS answers 404 alike for a missing object and a missing bucket.
    assertThat(store.stat(key)).isEmpty();
    assertThat(store.delete(key)).isFalse();
  }

  @Test
  void aServiceThatKeepsFailingIsReportedAfterTheClientsRetries() {
    GcsBlobStore store = fixture.newStore();
    fixture.server.inject(new Fault(Operation.LIST, null, FaultKind.UNAVAILABLE, 4));
    assertThatThrownBy(() -> store.list("", null, 10)).isExactlyInstanceOf(StorageException.class)
        .hasMessage("Cannot list " + store.location() + ": the service failed (HTTP 503, backendError); retry later");
    fixture.server.inject(new Fault(Operation.LIST, null, FaultKind.UNAVAILABLE, 3));
    assertThat(store.list("", null, 10).entries()).isEmpty();
  }

  @Test
  @SuppressWarnings("try") // the client's close() declares Exception
  void anUnreachableEndpointFailsReadsPlainlyAndLeavesConditionalCreatesUnknown() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    try (Storage nowhere = fixture.server.clientOptions(2).setHost("http://127.0.0.1:" + port).build().getService()) {
      GcsBlobStore store = GcsFixture.store(nowhere, "p");
      assertThatThrownBy(() -> store.stat(BlobKey.of("k"))).isExactlyInstanceOf(StorageException.class)
          .hasMessageStartingWith("Cannot stat gs://" + GcsFixture.BUCKET + "/p/k: the request got no answer (ConnectException")
          .hasMessageEndingWith("check the network and the endpoint, then retry");
      // The write probe runs first and fails plainly: it wrote nothing.
      assertThatThrownBy(() -> store.createIfAbsent(BlobKey.of("k"), BlobSource.ofBytes(utf8("x"))))
          .isExactlyInstanceOf(StorageException.class)
          .hasMessageStartingWith("Cannot check the write probe's marker in gs://" + GcsFixture.BUCKET + "/p/: the "
              + "request got no answer (ConnectException");
      // A retried conditional write may have landed on an earlier attempt: the store does not guess.
      GcsBlobStore single = GcsBlobStore.singleWriter(nowhere, GcsFixture.BUCKET, "p");
      assertThatThrownBy(() -> single.createIfAbsent(BlobKey.of("k"), BlobSource.ofBytes(utf8("x"))))
          .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("ConnectException");
    }
  }

  @Test
  void aDownloadCutShortIsResumedFromWhereItStopped() throws IOException {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("resumed");
    long size = 3L * 1024 * 1024 + 5;
    store.write(key, GcsFixture.generated(size, 21));
    fixture.server.inject(new Fault(Operation.DOWNLOAD, objectName(store, key), FaultKind.CUT_BODY, 1));
    fixture.server.clearRequests();
    try (InputStream actual = store.read(key); InputStream expected = GcsFixture.generatedStream(size, 21)) {
      GcsBlobStoreTest.assertSameStream(actual, expected);
    }
    List<RecordedRequest> downloads = fixture.server.requests().stream().filter(r -> r.operation() == Operation.DOWNLOAD).toList();
    assertThat(downloads).hasSize(2);
    assertThat(downloads.get(1).query()).containsKey("generation");
  }

  @Test
  void aReadNeverMixesTwoVersionsWhenTheObjectIsReplacedMidway() throws IOException {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("replaced");
    long size = 3L * 1024 * 1024;
    store.write(key, GcsFixture.generated(size, 1));
    fixture.server.inject(new Fault(Operation.DOWNLOAD, objectName(store, key), FaultKind.CUT_BODY, 1));
    try (InputStream in = store.read(key); InputStream first = GcsFixture.generatedStream(size, 1)) {
      store.write(key, GcsFixture.generated(size, 2));
      byte[] buffer = new byte[64 * 1024];
      long position = 0;
      IOException failure = null;
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          failure = e;
          break;
        }
        if (n < 0) {
          break;
        }
        byte[] expected = first.readNBytes(n);
        for (int i = 0; i < n; i++) {
          if (buffer[i] != expected[i]) {
            throw new AssertionError("byte " + (position + i) + " is not from the version the read started on");
          }
        }
        position += n;
      }
      assertThat(position).isLessThan(size);
      assertThat(failure).isNotNull().hasMessage("Cannot read " + store.location() + "replaced: the object was replaced or "
          + "deleted while it was being read (HTTP 404); read the key again to get its current content");
    }
  }

  private static Throwable catchFrom(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  /** The messages and stack traces of an exception and all its causes and suppressed ones. */
  private static String everything(Throwable t) {
    StringWriter text = new StringWriter();
    t.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
