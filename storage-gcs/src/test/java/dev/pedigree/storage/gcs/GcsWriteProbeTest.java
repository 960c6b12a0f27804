package dev.pedigree.storage.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.StorageException;
import dev.pedigree.exceptions.UnsafeBackendException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import dev.pedigree.testing.CreateRace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write probe on the GCS test server: it passes where {@code ifGenerationMatch=0} is
 * honoured, leaving a marker no listing shows; where the server ignores it (as some emulators
 * do), every create of the contract kit's race is refused, and with the probe opted out the
 * same race acknowledges creates that are lost.
 */
class GcsWriteProbeTest {
  private static GcsFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new GcsFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void honourPreconditionsAgain() {
    fixture.server.ignoreWritePreconditions(false);
  }

  @Test
  void aConformingServerPassesOnceAndTheMarkerStaysOutOfListings() {
    String prefix = GcsFixture.freshPrefix();
    try (BlobStore store = GcsFixture.store(fixture.storage, prefix)) {
      CreateRace.Outcome outcome = CreateRace.run(store, "race/", 6, 2);
      assertThat(outcome.failures()).isEmpty();
      assertThat(outcome.winners(0)).hasSize(1);
      assertThat(outcome.winners(1)).hasSize(1);
      assertThat(store.listAll("")).extracting(info -> info.key().value()).containsExactly("race/0", "race/1");
    }
    assertThat(fixture.storage.get(GcsFixture.BUCKET, prefix + "/" + GcsWriteProbe.MARKER)).isNotNull();
    // A later store on the same prefix finds the marker, and writes even where the server now
    // ignores the condition: the probe runs once per store, not per process.
    fixture.server.ignoreWritePreconditions(true);
    try (BlobStore again = GcsFixture.store(fixture.storage, prefix)) {
      again.write(BlobKey.of("later"), BlobSource.ofBytes("x".getBytes(UTF_8)));
    }
  }

  @Test
  void aServerThatIgnoresIfGenerationMatchZeroIsRefusedBeforeAnyCreate() {
    fixture.server.ignoreWritePreconditions(true);
    try (BlobStore store = fixture.newStore()) {
      CreateRace.Outcome outcome = CreateRace.run(store, "race/", 6, 2);

      assertThat(outcome.failures()).hasSize(12).allSatisfy(failure -> assertThat(failure)
          .isExactlyInstanceOf(UnsafeBackendException.class)
          .hasMessageStartingWith("Cannot write to gs://" + GcsFixture.BUCKET + "/t/")
          .hasMessageContaining("through " + fixture.storage.getOptions().getHost())
          .hasMessageContaining("a second create with ifGenerationMatch=0 of the same object succeeded")
          .hasMessageContaining("a resumable upload with ifGenerationMatch=0")
          .hasMessageContaining("acknowledged updates would be lost")
          .hasMessageContaining("singleWriter=true"));
      assertThat(outcome.winners(0)).isEmpty();
      assertThat(store.listAll("")).isEmpty();
    }
  }

  @Test
  void withTheProbeOptedOutTheSameRaceAcknowledgesCreatesThatAreLost() {
    fixture.server.ignoreWritePreconditions(true);
    try (BlobStore store = GcsBlobStore.singleWriter(fixture.storage, GcsFixture.BUCKET, GcsFixture.freshPrefix())) {
      CreateRace.Outcome outcome = CreateRace.run(store, "race/", 6, 2);

      assertThat(outcome.failures()).isEmpty();
      assertThat(outcome.lostCreates()).isPositive();
    }
  }

  @Test
  void theUriOptionOptsOutAndTheMessageShowsNoQuery() {
    fixture.server.ignoreWritePreconditions(true);
    String base = "gs://" + GcsFixture.BUCKET + "/" + GcsFixture.freshPrefix() + "?endpoint="
        + fixture.storage.getOptions().getHost() + "&project=test&credentials=none";
    try (BlobStore probed = BlobStores.open(base)) {
      assertThatThrownBy(() -> probed.write(BlobKey.of("k"), BlobSource.ofBytes(new byte[1])))
          .isInstanceOf(UnsafeBackendException.class)
          .hasMessageNotContaining("?")
          .hasMessageNotContaining("credentials=none");
    }
    try (BlobStore single = BlobStores.open(base + "&singleWriter=true")) {
      single.write(BlobKey.of("k"), BlobSource.ofBytes(new byte[1]));
      assertThat(single.stat(BlobKey.of("k"))).isPresent();
    }
  }

  @Test
  void aRefusedEndpointFailsAfterAFewQuickAttempts() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    // The provider's client makes GcsBlobStoreProvider.MAX_ATTEMPTS attempts with backoff of at
    // most 2 s, not the client's default of retrying for 50 s.
    try (BlobStore down = BlobStores.open("gs://" + GcsFixture.BUCKET + "/p?endpoint=http://127.0.0.1:" + port
        + "&project=test&credentials=none")) {
      assertThatThrownBy(() -> down.stat(BlobKey.of("k")))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Cannot stat gs://" + GcsFixture.BUCKET + "/p/k");
    }
    assertThat(GcsBlobStoreProvider.MAX_ATTEMPTS).isLessThanOrEqualTo(4);
  }
}
