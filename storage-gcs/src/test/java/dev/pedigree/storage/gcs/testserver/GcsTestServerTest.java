package dev.pedigree.storage.gcs.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test server's own tests: it must behave as GCS's JSON API does for everything the
 * backend relies on, first as seen over raw HTTP, then through the real client.
 */
class GcsTestServerTest {
  private static final String BUCKET = "raw-bucket";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUANTUM = 256 * 1024;

  private static GcsTestServer server;
  private static HttpClient http;

  private final String base = "t-" + UUID.randomUUID() + "/";

  @BeforeAll
  static void start() throws IOException {
    server = GcsTestServer.start();
    server.createBucket(BUCKET);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(server.endpoint()).isEqualTo("http://127.0.0.1:" + server.address().getPort());
  }

  @Test
  void mediaUploadIsReadBackWithItsMetadataAndGeneration() throws Exception {
    byte[] content = "hello, gcs".getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> created = send("POST", uploadPath("media", base + "a b+c"), content, Map.of("Content-Type", "text/plain"));
    assertThat(created.statusCode()).isEqualTo(200);
    JsonNode object = json(created);
    assertThat(object.get("name").asText()).isEqualTo(base + "a b+c");
    assertThat(object.get("bucket").asText()).isEqualTo(BUCKET);
    assertThat(object.get("size").asText()).isEqualTo("10");
    assertThat(object.get("contentType").asText()).isEqualTo("text/plain");
    assertThat(object.get("md5Hash").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content)));
    assertThat(object.get("crc32c").asText()).isEqualTo(crc32c(content));
    long generation = Long.parseLong(object.get("generation").asText());

    HttpResponse<byte[]> metadata = send("GET", objectPath(base + "a b+c"), null, Map.of());
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(json(metadata).get("generation").asText()).isEqualTo(Long.toString(generation));

    HttpResponse<byte[]> media = send("GET", objectPath(base + "a b+c") + "?alt=media", null, Map.of());
    assertThat(media.statusCode()).isEqualTo(200);
    assertThat(media.body()).isEqualTo(content);
    assertThat(media.headers().firstValue("x-goog-generation")).contains(Long.toString(generation));
    assertThat(media.headers().firstValue("x-goog-stored-content-length")).contains("10");
    assertThat(media.headers().firstValue("x-goog-hash")).hasValueSatisfying(h -> assertThat(h).contains("crc32c=" + crc32c(content)));

    HttpResponse<byte[]> download = send("GET", "/download/storage/v1/b/" + BUCKET + "/o/" + enc(base + "a b+c") + "?alt=media",
        null, Map.of());
    assertThat(download.body()).isEqualTo(content);
  }

  @Test
  void ifGenerationMatchZeroRefusesAnExistingObjectWith412AndAJsonError() throws Exception {
    String name = base + "once";
    assertThat(send("POST", uploadPath("media", name) + "&ifGenerationMatch=0", bytes("first"), Map.of()).statusCode())
        .isEqualTo(200);
    HttpResponse<byte[]> second = send("POST", uploadPath("media", name) + "&ifGenerationMatch=0", bytes("second"), Map.of());
    assertThat(second.statusCode()).isEqualTo(412);
    assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode error = json(second).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(412);
    assertThat(error.get("errors").get(0).get("reason").asText()).isEqualTo("conditionNotMet");
    assertThat(send("GET", objectPath(name) + "?alt=media", null, Map.of()).body()).isEqualTo(bytes("first"));
  }

  @Test
  void ifGenerationMatchOfTheLiveGenerationReplacesItAndAStaleOneIsRefused() throws Exception {
    String name = base + "cas";
    long first = generationOf(send("POST", uploadPath("media", name), bytes("v1"), Map.of()));
    long second = generationOf(send("POST", uploadPath("media", name) + "&ifGenerationMatch=" + first, bytes("v2"), Map.of()));
    assertThat(second).isGreaterThan(first);
    assertThat(send("POST", uploadPath("media", name) + "&ifGenerationMatch=" + first, bytes("v3"), Map.of()).statusCode())
        .isEqualTo(412);
    assertThat(send("POST", uploadPath("media", name) + "&ifGenerationNotMatch=" + second, bytes("v3"), Map.of()).statusCode())
        .isEqualTo(412);
    assertThat(send("GET", objectPath(name) + "?alt=media", null, Map.of()).body()).isEqualTo(bytes("v2"));
    assertThat(send("GET", objectPath(name) + "?ifGenerationMatch=" + first, null, Map.of()).statusCode()).isEqualTo(412);
    assertThat(send("GET", objectPath(name) + "?ifGenerationNotMatch=" + second, null, Map.of()).statusCode()).isEqualTo(304);
  }

  @Test
  void missingObjectsAndBucketsAre404WithJsonErrors() throws Exception {
    HttpResponse<byte[]> object = send("GET", objectPath(base + "absent"), null, Map.of());
    assertThat(object.statusCode()).isEqualTo(404);
    assertThat(json(object).get("error").get("errors").get(0).get("reason").asText()).isEqualTo("notFound");
    assertThat(send("GET", objectPath(base + "absent") + "?alt=media", null, Map.of()).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> bucket = send("GET", "/storage/v1/b/no-such-bucket/o", null, Map.of());
    assertThat(bucket.statusCode()).isEqualTo(404);
    assertThat(json(bucket).get("error").get("message").asText()).contains("bucket");
    assertThat(send("GET", "/storage/v1/b/" + BUCKET, null, Map.of()).statusCode()).isEqualTo(200);
  }

  @Test
  void requestsItDoesNotImplementAreAnswered501() throws Exception {
    assertThat(send("GET", "/storage/v1/projects/test/hmacKeys", null, Map.of()).statusCode()).isEqualTo(501);
    assertThat(send("PATCH", objectPath(base + "x"), bytes("{}"), Map.of()).statusCode()).isEqualTo(405);
  }

  @Test
  void multipartUploadStoresTheMetadataPartAndChecksTheGivenHashes() throws Exception {
    byte[] content = bytes("multipart content");
    String good = "{\"name\":\"" + base + "mp\",\"metadata\":{\"k\":\"v\"},\"crc32c\":\"" + crc32c(content) + "\"}";
    HttpResponse<byte[]> created = send("POST", uploadPath("multipart", null), multipart("XyZ", good, content),
        Map.of("Content-Type", "multipart/related; boundary=XyZ"));
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(json(created).get("metadata").get("k").asText()).isEqualTo("v");
    assertThat(server.metadata(BUCKET, base + "mp")).containsEntry("k", "v");
    assertThat(send("GET", objectPath(base + "mp") + "?alt=media", null, Map.of()).body()).isEqualTo(content);

    String wrongHash = "{\"name\":\"" + base + "mp2\",\"crc32c\":\"AAAAAA==\"}";
    HttpResponse<byte[]> refused = send("POST", uploadPath("multipart", null), multipart("b", wrongHash, content),
        Map.of("Content-Type", "multipart/related; boundary=b"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(send("GET", objectPath(base + "mp2"), null, Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void resumableUploadAcknowledgesChunksWith308AndFinalizesOnce() throws Exception {
    byte[] content = random(2 * QUANTUM + 1000, 7);
    String session = startSession(base + "resumable", "", Map.of("X-Upload-Content-Length", Integer.toString(content.length)));

    HttpResponse<byte[]> query = put(session, null, "bytes */*");
    assertThat(query.statusCode()).isEqualTo(308);
    assertThat(query.headers().firstValue("Range")).isEmpty();

    HttpResponse<byte[]> first = put(session, Arrays.copyOfRange(content, 0, QUANTUM), "bytes 0-" + (QUANTUM - 1) + "/*");
    assertThat(first.statusCode()).isEqualTo(308);
    assertThat(first.headers().firstValue("Range")).contains("bytes=0-" + (QUANTUM - 1));

    // A resend that overlaps what is persisted is accepted; only the new bytes are kept.
    HttpResponse<byte[]> overlap = put(session, Arrays.copyOfRange(content, 0, 2 * QUANTUM), "bytes 0-" + (2 * QUANTUM - 1) + "/*");
    assertThat(overlap.headers().firstValue("Range")).contains("bytes=0-" + (2 * QUANTUM - 1));
    assertThat(put(session, null, "bytes */*").headers().firstValue("Range")).contains("bytes=0-" + (2 * QUANTUM - 1));

    HttpResponse<byte[]> last = put(session, Arrays.copyOfRange(content, 2 * QUANTUM, content.length),
        "bytes " + 2 * QUANTUM + "-" + (content.length - 1) + "/" + content.length);
    assertThat(last.statusCode()).isEqualTo(200);
    JsonNode object = json(last);
    assertThat(object.get("size").asText()).isEqualTo(Integer.toString(content.length));

    // A finished session answers with the same object again, and nothing is written twice.
    HttpResponse<byte[]> again = put(session, null, "bytes */" + content.length);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).get("generation").asText()).isEqualTo(object.get("generation").asText());
    assertThat(send("GET", objectPath(base + "resumable") + "?alt=media", null, Map.of()).body()).isEqualTo(content);
  }

  @Test
  void resumableUploadChecksItsPreconditionAtomicallyWhenItIsFinalized() throws Exception {
    String name = base + "raced";
    String session = startSession(name, "&ifGenerationMatch=0", Map.of());
    assertThat(put(session, random(QUANTUM, 1), "bytes 0-" + (QUANTUM - 1) + "/*").statusCode()).isEqualTo(308);
    // Someone else creates the object while the upload is in progress.
    assertThat(send("POST", uploadPath("media", name) + "&ifGenerationMatch=0", bytes("winner"), Map.of()).statusCode())
        .isEqualTo(200);
    HttpResponse<byte[]> end = put(session, new byte[0], "bytes */" + QUANTUM);
    assertThat(end.statusCode()).isEqualTo(412);
    assertThat(json(end).get("error").get("errors").get(0).get("reason").asText()).isEqualTo("conditionNotMet");
    assertThat(put(session, null, "bytes */*").statusCode()).as("the session stays failed").isEqualTo(412);
    assertThat(send("GET", objectPath(name) + "?alt=media", null, Map.of()).body()).isEqualTo(bytes("winner"));

    // By default a new upload starts, and is refused only when finalized.
    String late = startSession(name, "&ifGenerationMatch=0", Map.of());
    assertThat(put(late, bytes("late"), "bytes 0-3/4").statusCode()).isEqualTo(412);
    // Optionally it is refused as soon as it starts.
    server.checkPreconditionsAtUploadStart(true);
    try {
      HttpResponse<byte[]> start = send("POST", uploadPath("resumable", name) + "&ifGenerationMatch=0", bytes("{}"),
          Map.of("Content-Type", "application/json"));
      assertThat(start.statusCode()).isEqualTo(412);
    } finally {
      server.checkPreconditionsAtUploadStart(false);
    }
    assertThat(send("GET", objectPath(name) + "?alt=media", null, Map.of()).body()).isEqualTo(bytes("winner"));
  }

  @Test
  void resumableUploadRefusesShortChunksWrongTotalsAndGaps() throws Exception {
    String session = startSession(base + "strict", "", Map.of("X-Upload-Content-Length", "10"));
    assertThat(put(session, random(1000, 2), "bytes 0-999/*").statusCode()).isEqualTo(400);
    assertThat(put(session, random(10, 2), "bytes 5-14/*").statusCode()).isEqualTo(400);
    String other = startSession(base + "strict2", "", Map.of("X-Upload-Content-Length", "10"));
    assertThat(put(other, random(12, 2), "bytes 0-11/12").statusCode()).isEqualTo(400);
    assertThat(send("GET", objectPath(base + "strict2"), null, Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void downloadsHonourRanges() throws Exception {
    byte[] content = bytes("0123456789");
    send("POST", uploadPath("media", base + "ranged"), content, Map.of());
    String path = objectPath(base + "ranged") + "?alt=media";
    HttpResponse<byte[]> middle = send("GET", path, null, Map.of("Range", "bytes=2-5"));
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(new String(middle.body(), StandardCharsets.UTF_8)).isEqualTo("2345");
    assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 2-5/10");
    assertThat(new String(send("GET", path, null, Map.of("Range", "bytes=7-")).body(), StandardCharsets.UTF_8)).isEqualTo("789");
    assertThat(new String(send("GET", path, null, Map.of("Range", "bytes=-3")).body(), StandardCharsets.UTF_8)).isEqualTo("789");
    assertThat(send("GET", path, null, Map.of("Range", "bytes=10-")).statusCode()).isEqualTo(416);
  }

  @Test
  void aReplacedGenerationCannotBeReadAnyMore() throws Exception {
    String name = base + "pinned";
    long old = generationOf(send("POST", uploadPath("media", name), bytes("old"), Map.of()));
    long current = generationOf(send("POST", uploadPath("media", name), bytes("new"), Map.of()));
    assertThat(send("GET", objectPath(name) + "?alt=media&generation=" + old, null, Map.of()).statusCode()).isEqualTo(404);
    assertThat(send("GET", objectPath(name) + "?alt=media&generation=" + current, null, Map.of()).body()).isEqualTo(bytes("new"));
  }

  @Test
  void listingPagesByTokenInNameOrderWithPrefixAndOffsets() throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      names.add(base + "list/k" + i);
      send("POST", uploadPath("media", base + "list/k" + i), bytes("x" + i), Map.of());
    }
    send("POST", uploadPath("media", base + "listx"), bytes("outside"), Map.of());

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String query = "?prefix=" + enc(base + "list/") + "&maxResults=3" + (token == null ? "" : "&pageToken=" + token);
      JsonNode page = json(send("GET", "/storage/v1/b/" + BUCKET + "/o" + query, null, Map.of()));
      page.get("items").forEach(item -> seen.add(item.get("name").asText()));
      token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
      pages++;
    } while (token != null);
    assertThat(seen).containsExactlyElementsOf(names);
    assertThat(pages).isEqualTo(3);

    JsonNode offsets = json(send("GET", "/storage/v1/b/" + BUCKET + "/o?prefix=" + enc(base + "list/") + "&startOffset="
        + enc(base + "list/k2") + "&endOffset=" + enc(base + "list/k5"), null, Map.of()));
    List<String> window = new ArrayList<>();
    offsets.get("items").forEach(item -> window.add(item.get("name").asText()));
    assertThat(window).containsExactly(base + "list/k2", base + "list/k3", base + "list/k4");
    assertThat(offsets.get("items").get(0).get("size").asText()).isEqualTo("2");

    JsonNode empty = json(send("GET", "/storage/v1/b/" + BUCKET + "/o?prefix=" + enc(base + "nothing/"), null, Map.of()));
    assertThat(empty.has("items")).isFalse();
    assertThat(empty.has("nextPageToken")).isFalse();
  }

  @Test
  void listingRollsUpNamesAtTheDelimiter() throws Exception {
    for (String n : List.of("d/a/1", "d/a/2", "d/b/1", "d/c")) {
      send("POST", uploadPath("media", base + n), bytes(n), Map.of());
    }
    JsonNode page = json(send("GET", "/storage/v1/b/" + BUCKET + "/o?delimiter=%2F&prefix=" + enc(base + "d/"), null, Map.of()));
    List<String> prefixes = new ArrayList<>();
    page.get("prefixes").forEach(p -> prefixes.add(p.asText()));
    assertThat(prefixes).containsExactly(base + "d/a/", base + "d/b/");
    assertThat(page.get("items")).hasSize(1);
    assertThat(page.get("items").get(0).get("name").asText()).isEqualTo(base + "d/c");
  }

  @Test
  void deleteIsConditionalAnd404WhenTheObjectIsMissing() throws Exception {
    String name = base + "deleted";
    long generation = generationOf(send("POST", uploadPath("media", name), bytes("x"), Map.of()));
    assertThat(send("DELETE", objectPath(name) + "?ifGenerationMatch=" + (generation + 1), null, Map.of()).statusCode())
        .isEqualTo(412);
    assertThat(send("DELETE", objectPath(name) + "?ifGenerationMatch=" + generation, null, Map.of()).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", objectPath(name), null, Map.of()).statusCode()).isEqualTo(404);
    assertThat(server.objectNames(BUCKET)).doesNotContain(name);
  }

  @Test
  void concurrentConditionalCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 20; round++) {
        String name = base + "race/" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          byte[] body = bytes("writer " + t);
          results.add(pool.submit(() -> {
            go.await();
            return send("POST", uploadPath("media", name) + "&ifGenerationMatch=0", body, Map.of()).statusCode();
          }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
          statuses.add(f.get());
        }
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 412).hasSize(threads - 1);
        String stored = new String(send("GET", objectPath(name) + "?alt=media", null, Map.of()).body(), StandardCharsets.UTF_8);
        assertThat(stored).startsWith("writer ");
        assertThat(Integer.parseInt(stored.substring("writer ".length()))).isBetween(0, threads - 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void injectedFaultsDropOrRefuseTheChosenRequests() throws Exception {
    String applied = base + "applied";
    server.inject(new Fault(Operation.INSERT, applied, FaultKind.DROP_AFTER_APPLY, 1));
    assertThatThrownBy(() -> send("POST", uploadPath("media", applied), bytes("x"), Map.of())).isInstanceOf(IOException.class);
    assertThat(server.objectNames(BUCKET)).contains(applied);

    String dropped = base + "dropped";
    server.inject(new Fault(Operation.INSERT, dropped, FaultKind.DROP_BEFORE_APPLY, 1));
    assertThatThrownBy(() -> send("POST", uploadPath("media", dropped), bytes("x"), Map.of())).isInstanceOf(IOException.class);
    assertThat(server.objectNames(BUCKET)).doesNotContain(dropped);

    String refused = base + "refused";
    server.inject(new Fault(Operation.INSERT, refused, FaultKind.UNAVAILABLE, 2));
    assertThat(send("POST", uploadPath("media", refused), bytes("x"), Map.of()).statusCode()).isEqualTo(503);
    assertThat(send("POST", uploadPath("media", refused), bytes("x"), Map.of()).statusCode()).isEqualTo(503);
    assertThat(server.objectNames(BUCKET)).doesNotContain(refused);
    assertThat(send("POST", uploadPath("media", refused), bytes("x"), Map.of()).statusCode()).isEqualTo(200);

    server.inject(new Fault(Operation.GET, refused, FaultKind.FORBIDDEN, 1));
    assertThat(send("GET", objectPath(refused), null, Map.of()).statusCode()).isEqualTo(403);
    server.inject(new Fault(Operation.GET, refused, FaultKind.UNAUTHENTICATED, 1));
    assertThat(send("GET", objectPath(refused), null, Map.of()).statusCode()).isEqualTo(401);
    assertThat(send("GET", objectPath(refused), null, Map.of()).statusCode()).isEqualTo(200);
  }

  // --- through the real client ---------------------------------------------------------------------

  @Test
  @SuppressWarnings("try") // the client's close() declares Exception
  void theClientsConditionalCreateFailsWith412WhenTheObjectExists() throws Exception {
    try (Storage storage = server.client()) {
      BlobInfo info = BlobInfo.newBuilder(BlobId.of(BUCKET, base + "client-once")).setMetadata(Map.of("who", "first")).build();
      Blob created = storage.create(info, bytes("first"), BlobTargetOption.doesNotExist());
      assertThat(created.getSize()).isEqualTo(5L);
      assertThat(created.getMetadata()).containsEntry("who", "first");
      assertThatThrownBy(() -> storage.create(info, bytes("second"), BlobTargetOption.doesNotExist()))
          .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
      assertThat(storage.readAllBytes(BlobId.of(BUCKET, base + "client-once"))).isEqualTo(bytes("first"));
      assertThat(storage.get(BlobId.of(BUCKET, base + "client-absent"))).isNull();
      assertThat(storage.delete(BlobId.of(BUCKET, base + "client-once"))).isTrue();
      assertThat(storage.delete(BlobId.of(BUCKET, base + "client-once"))).isFalse();
    }
  }

  @Test
  @SuppressWarnings("try") // the client's close() declares Exception
  void theClientsResumableWriterAndReaderRoundTripInChunks() throws Exception {
    byte[] content = random(5 * QUANTUM + 123, 3);
    BlobId id = BlobId.of(BUCKET, base + "client-resumable");
    try (Storage storage = server.client()) {
      try (WriteChannel writer = storage.writer(BlobInfo.newBuilder(id).build(), BlobWriteOption.doesNotExist())) {
        writer.setChunkSize(2 * QUANTUM);
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          writer.write(buffer);
        }
      }
      try (ReadChannel reader = storage.reader(id); InputStream in = Channels.newInputStream(reader)) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
      try (ReadChannel reader = storage.reader(id)) {
        reader.seek(QUANTUM);
        reader.limit(QUANTUM + 10);
        ByteBuffer part = ByteBuffer.allocate(100);
        while (reader.read(part) >= 0 && part.hasRemaining()) {
          // keep reading
        }
        assertThat(Arrays.copyOf(part.array(), part.position())).isEqualTo(Arrays.copyOfRange(content, QUANTUM, QUANTUM + 10));
      }
      WriteChannel again = storage.writer(BlobInfo.newBuilder(id).build(), BlobWriteOption.doesNotExist());
      again.write(ByteBuffer.wrap(bytes("second")));
      assertThatThrownBy(again::close).satisfies(e -> assertThat(statusIn(e)).isEqualTo(412));
    }
    assertThat(server.requests()).filteredOn(r -> r.operation() == Operation.RESUMABLE_PUT && base.concat("client-resumable")
        .equals(r.objectName())).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  @SuppressWarnings("try") // the client's close() declares Exception
  void theClientListsEveryPageInOrder() throws Exception {
    try (Storage storage = server.client()) {
      for (int i = 0; i < 9; i++) {
        storage.create(BlobInfo.newBuilder(BlobId.of(BUCKET, base + "paged/" + i)).build(), bytes("v" + i));
      }
      Iterable<Blob> all = storage.list(BUCKET, BlobListOption.prefix(base + "paged/"), BlobListOption.pageSize(2)).iterateAll();
      List<String> names = StreamSupport.stream(all.spliterator(), false).map(Blob::getName).toList();
      assertThat(names).containsExactly(base + "paged/0", base + "paged/1", base + "paged/2", base + "paged/3", base + "paged/4",
          base + "paged/5", base + "paged/6", base + "paged/7", base + "paged/8");
      List<String> fromOffset = StreamSupport.stream(storage.list(BUCKET, BlobListOption.prefix(base + "paged/"),
          BlobListOption.startOffset(base + "paged/7")).iterateAll().spliterator(), false).map(Blob::getName).toList();
      assertThat(fromOffset).containsExactly(base + "paged/7", base + "paged/8");
    }
  }

  // --- helpers ---------------------------------------------------------------------------------------

  /** The HTTP status of the client's exception somewhere in a cause chain, or -1. */
  private static int statusIn(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StorageException e && e.getCode() > 0) {
        return e.getCode();
      }
    }
    return -1;
  }

  private static String startSession(String name, String extraQuery, Map<String, String> headers) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Content-Type", "application/json");
    HttpResponse<byte[]> start = send("POST", uploadPath("resumable", name) + extraQuery, bytes("{}"), all);
    assertThat(start.statusCode()).isEqualTo(200);
    String location = start.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(server.endpoint() + "/upload/storage/v1/b/" + BUCKET + "/o?");
    return location.substring(server.endpoint().length());
  }

  private static HttpResponse<byte[]> put(String session, byte[] body, String contentRange) throws Exception {
    return send("PUT", session, body == null ? new byte[0] : body, Map.of("Content-Range", contentRange));
  }

  private static HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + pathAndQuery))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String uploadPath(String type, String name) {
    return "/upload/storage/v1/b/" + BUCKET + "/o?uploadType=" + type + (name == null ? "" : "&name=" + enc(name));
  }

  private static String objectPath(String name) {
    return "/storage/v1/b/" + BUCKET + "/o/" + enc(name);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private static long generationOf(HttpResponse<byte[]> response) throws IOException {
    assertThat(response.statusCode()).isEqualTo(200);
    return Long.parseLong(json(response).get("generation").asText());
  }

  private static byte[] multipart(String boundary, String metadataJson, byte[] content) {
    byte[] head = ("--" + boundary + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n" + metadataJson + "\r\n--"
        + boundary + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + content.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(content, 0, all, head.length, content.length);
    System.arraycopy(tail, 0, all, head.length + content.length, tail.length);
    return all;
  }

  private static String crc32c(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }
}
