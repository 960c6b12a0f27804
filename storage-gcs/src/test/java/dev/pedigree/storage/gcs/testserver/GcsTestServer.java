package dev.pedigree.storage.gcs.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A small Google Cloud Storage JSON-API server for tests, on 127.0.0.1 and an ephemeral port,
 * that implements what the google-cloud-storage client sends for object work: media, multipart
 * and resumable uploads (308 and {@code Range} while incomplete, status queries, resends),
 * {@code alt=media} downloads with {@code Range} and {@code x-goog-generation}, object metadata,
 * listing by prefix, {@code startOffset}, {@code endOffset}, {@code delimiter} and page token,
 * delete, and the generation preconditions, checked and applied atomically per bucket (for a
 * resumable upload when it is finalized, and optionally also when it starts). Errors are
 * GCS's JSON error bodies. Content is kept in files under a temporary folder, removed by
 * {@link #close()}.
 *
 * <p>{@link #inject(Fault)} makes chosen requests fail as networks and services do (a dropped
 * connection before or after the change, a 503), to test what a client concludes.
 *
 * <pre>{@code
 * try (GcsTestServer server = GcsTestServer.start()) {
 *   server.createBucket("b");
 *   Storage storage = server.client();
 * }
 * }</pre>
 */
public final class GcsTestServer implements AutoCloseable {
  private static final Pattern OBJECTS = Pattern.compile("/storage/v1/b/([^/]+)/o");
  private static final Pattern OBJECT = Pattern.compile("/(?:storage|download/storage)/v1/b/([^/]+)/o/(.+)");
  private static final Pattern REWRITE = Pattern.compile("/storage/v1/b/([^/]+)/o/([^/]+)/rewriteTo/b/([^/]+)/o/([^/]+)");
  private static final Pattern UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");
  private static final Pattern BUCKET = Pattern.compile("/storage/v1/b/([^/]+)");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final int MULTIPART_LIMIT = 64 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final ExecutorService executor;
  private final Path root;
  private final String endpoint;
  private final AtomicLong generations = new AtomicLong(System.currentTimeMillis() * 1000);
  private final Map<String, TestBucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, UploadSession> sessions = new ConcurrentHashMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private volatile boolean checkPreconditionsAtUploadStart;
  private volatile boolean ignoreWritePreconditions;

  private GcsTestServer(HttpServer http, ExecutorService executor, Path root) {
    this.http = http;
    this.executor = executor;
    this.root = root;
    this.endpoint = "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /**
   * Starts a server on 127.0.0.1 and a free port.
   *
   * @return the running server
   * @throws IOException if it cannot listen or make its folder
   */
  public static GcsTestServer start() throws IOException {
    // Headers and body leave in separate writes: with Nagle on, each answer waits for the client's
    // delayed ACK (~40 ms). The JDK reads this once, before its first server; the build also sets it.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "gcs-test-server-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    http.setExecutor(executor);
    GcsTestServer server = new GcsTestServer(http, executor, Files.createTempDirectory("gcs-test-server-"));
    http.createContext("/", server::handle);
    http.start();
    return server;
  }

  /**
   * Returns the root URL to give the client as its host.
   *
   * @return such as {@code http://127.0.0.1:40123}
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Returns the address the server is bound to.
   *
   * @return a loopback address and the port
   */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  /**
   * Creates an empty bucket.
   *
   * @param name the bucket name
   */
  public void createBucket(String name) {
    buckets.computeIfAbsent(name, n -> {
      try {
        return new TestBucket(n, Files.createDirectories(root.resolve(n)), generations);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * Returns a client for this server: no credentials, project {@code test}, and retries with
   * millisecond delays (at most 4 attempts) so tests of failures stay quick.
   *
   * @return a new client
   */
  public Storage client() {
    return client(4);
  }

  /**
   * Returns a client for this server that makes at most {@code maxAttempts} attempts per request.
   *
   * @param maxAttempts 1 for no retries
   * @return a new client
   */
  public Storage client(int maxAttempts) {
    return clientOptions(maxAttempts).build().getService();
  }

  /**
   * Returns the options of {@link #client(int)}, to change before building a client.
   *
   * @param maxAttempts 1 for no retries
   * @return the options builder
   */
  public StorageOptions.Builder clientOptions(int maxAttempts) {
    RetrySettings retries = RetrySettings.newBuilder()
        .setMaxAttempts(maxAttempts)
        .setInitialRetryDelayDuration(Duration.ofMillis(1))
        .setRetryDelayMultiplier(2.0)
        .setMaxRetryDelayDuration(Duration.ofMillis(20))
        .setTotalTimeoutDuration(Duration.ofMinutes(2))
        .setInitialRpcTimeoutDuration(Duration.ofMinutes(1))
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(Duration.ofMinutes(1))
        .build();
    return StorageOptions.http()
        .setHost(endpoint)
        .setProjectId("test")
        .setCredentials(NoCredentials.getInstance())
        .setRetrySettings(retries)
        .setTransportOptions(HttpTransportOptions.newBuilder().setConnectTimeout(10_000).setReadTimeout(60_000).build());
  }

  /**
   * Makes the server ignore the generation preconditions of writes, {@code ifGenerationMatch=0}
   * included, and overwrite instead, as some emulators do: a server that would lose updates,
   * for the tests of the write probe. Off by default.
   *
   * @param ignore {@code true} to ignore them
   */
  public void ignoreWritePreconditions(boolean ignore) {
    this.ignoreWritePreconditions = ignore;
  }

  private Preconditions writePreconditions(Call call) {
    return ignoreWritePreconditions ? Preconditions.NONE : Preconditions.from(call.query);
  }

  /**
   * Chooses whether a resumable upload whose preconditions already fail is refused when it
   * starts (412 to the start request) or only when it is finalized, after its bytes were sent.
   * Off by default, the case that costs a client most; either way the check at finalization
   * is the atomic one.
   *
   * @param atStart {@code true} to refuse at the start as well
   */
  public void checkPreconditionsAtUploadStart(boolean atStart) {
    this.checkPreconditionsAtUploadStart = atStart;
  }

  /**
   * Plans a fault for the next matching requests.
   *
   * @param fault what to disturb and how
   */
  public void inject(Fault fault) {
    synchronized (faults) {
      faults.add(Objects.requireNonNull(fault, "fault"));
    }
  }

  /**
   * Returns the requests received so far, oldest first.
   *
   * @return a snapshot
   */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the requests received so far. */
  public void clearRequests() {
    requests.clear();
  }

  /**
   * Returns the names of the live objects in a bucket, in order.
   *
   * @param bucket the bucket
   * @return the names
   */
  public List<String> objectNames(String bucket) {
    return List.copyOf(bucket(bucket).objects().keySet());
  }

  /**
   * Returns the custom metadata of a live object.
   *
   * @param bucket the bucket
   * @param name the object
   * @return its metadata, or {@code null} when it does not exist
   */
  public Map<String, String> metadata(String bucket, String name) {
    StoredObject object = bucket(bucket).get(name);
    return object == null ? null : object.metadata();
  }

  /**
   * Writes an object directly, without HTTP: for setting up a bucket quickly, or with names
   * no Pedigree key has.
   *
   * @param bucket the bucket
   * @param name the object name
   * @param content the bytes
   */
  public void putObject(String bucket, String name, byte[] content) {
    TestBucket target = bucket(bucket);
    StagedContent staged = new StagedContent(target.dir());
    try {
      staged.append(content, 0, content.length);
      staged.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    target.commit(name, staged, "application/octet-stream", Map.of(), Preconditions.NONE);
  }

  /** Returns how many resumable upload sessions are open (started, not finalized nor cancelled). */
  public long openUploadSessions() {
    return sessions.values().stream().filter(s -> {
      try {
        return s.query().object() == null;
      } catch (GcsError e) {
        return false;
      }
    }).count();
  }

  /** Stops the server and deletes its files. */
  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Request handling

  /** Thrown to close the connection without an answer. */
  private static final class DropConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DropConnection() {
      super("fault injected: connection dropped", null, false, false);
    }
  }

  /** What a handler decided to answer. */
  private record Reply(int status, Map<String, String> headers, byte[] body, Path file, long offset, long length) {
    static Reply json(int status, JsonNode node) {
      try {
        return new Reply(status, Map.of("Content-Type", "application/json; charset=UTF-8"), JSON.writeValueAsBytes(node),
            null, 0, 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static Reply empty(int status, Map<String, String> headers) {
      return new Reply(status, headers, null, null, 0, 0);
    }
  }

  /** One exchange being handled, with what is learnt about it on the way. */
  private final class Call {
    final HttpExchange exchange;
    final String method;
    final String path;
    final Map<String, String> query;
    Operation operation = Operation.UNKNOWN;
    String objectName;
    CountingInputStream body;
    FaultKind fault;

    Call(HttpExchange exchange) {
      this.exchange = exchange;
      this.method = exchange.getRequestMethod();
      this.path = exchange.getRequestURI().getRawPath();
      this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    String header(String name) {
      return exchange.getRequestHeaders().getFirst(name);
    }

    InputStream body() throws IOException {
      if (body == null) {
        InputStream raw = exchange.getRequestBody();
        String encoding = header("Content-Encoding");
        body = new CountingInputStream(encoding != null && encoding.equalsIgnoreCase("gzip") ? new GZIPInputStream(raw) : raw);
      }
      return body;
    }

    /** Identifies the request for fault matching; applies a fault that strikes before any change. */
    void identify(Operation op, String name) {
      this.operation = op;
      this.objectName = name;
      synchronized (faults) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
          Fault f = it.next();
          if (f.matches(op, name)) {
            it.remove();
            if (f.times() > 1) {
              faults.add(new Fault(f.operation(), f.objectName(), f.kind(), f.times() - 1));
            }
            fault = f.kind();
            break;
          }
        }
      }
      if (fault == FaultKind.DROP_BEFORE_APPLY) {
        drain();
        throw new DropConnection();
      }
      if (fault == FaultKind.UNAVAILABLE) {
        drain();
        throw new GcsError(503, "backendError", "The service is unavailable (fault injected by the test server)");
      }
      if (fault == FaultKind.FORBIDDEN) {
        drain();
        throw new GcsError(403, "forbidden", "test-caller@example.iam.gserviceaccount.com does not have the permission "
            + "this request needs (fault injected by the test server)");
      }
      if (fault == FaultKind.UNAUTHENTICATED) {
        drain();
        throw new GcsError(401, "required", "Invalid Credentials (fault injected by the test server)");
      }
    }

    void drain() {
      try {
        body().transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void handle(HttpExchange exchange) {
    Call call = new Call(exchange);
    boolean recorded = false;
    try {
      Reply reply;
      try {
        reply = route(call);
      } catch (GcsError e) {
        reply = e.status() == 304 ? Reply.empty(304, Map.of()) : error(e);
      }
      if (call.fault == FaultKind.DROP_AFTER_APPLY) {
        throw new DropConnection();
      }
      // Recorded before the answer leaves: a client that has its answer must find its request
      // in requests(), or tests that count requests race the server thread.
      record(call, reply.status());
      recorded = true;
      if (call.fault == FaultKind.CUT_BODY && reply.file() != null && reply.length() > 1) {
        sendHalfThenDrop(exchange, reply);
      }
      send(exchange, reply);
    } catch (IOException | RuntimeException e) {
      if (!(e instanceof DropConnection) && !recorded) {
        record(call, 500);
        recorded = true;
        try {
          send(exchange, error(new GcsError(500, "internalError", "Test server failure: " + e)));
        } catch (IOException | RuntimeException ignored) {
          // The client sees a dropped connection, which is what it is.
        }
      }
    } finally {
      if (!recorded) {
        record(call, 0);
      }
      // Without an answer sent, closing the exchange closes the connection: a dropped request.
      exchange.close();
    }
  }

  private void record(Call call, int status) {
    requests.add(new RecordedRequest(call.method, call.operation, call.objectName, call.query,
        call.header("Content-Range"), call.header("Authorization"), call.body == null ? 0 : call.body.count(), status));
  }

  private Reply route(Call call) throws IOException {
    String path = call.path;
    Matcher m;
    if ((m = UPLOAD.matcher(path)).matches()) {
      TestBucket bucket = bucket(decode(m.group(1)));
      String uploadId = call.query.get("upload_id");
      if (uploadId != null) {
        UploadSession session = session(uploadId);
        if (call.method.equals("DELETE")) {
          call.identify(Operation.RESUMABLE_CANCEL, session.objectName());
          session.cancel();
          sessions.remove(uploadId);
          return error(new GcsError(499, "clientClosedRequest", "The upload was cancelled"));
        }
        requireMethod(call, "PUT", "POST");
        return resumablePut(call, session);
      }
      requireMethod(call, "POST");
      String type = call.query.getOrDefault("uploadType", "");
      switch (type) {
        case "media":
          return mediaUpload(call, bucket);
        case "multipart":
          return multipartUpload(call, bucket);
        case "resumable":
          return resumableStart(call, bucket);
        default:
          throw GcsError.badRequest("Unsupported uploadType '" + type + "'");
      }
    }
    if ((m = OBJECTS.matcher(path)).matches()) {
      requireMethod(call, "GET");
      return list(call, bucket(decode(m.group(1))));
    }
    if ((m = REWRITE.matcher(path)).matches()) {
      requireMethod(call, "POST");
      return rewrite(call, bucket(decode(m.group(1))), decode(m.group(2)), bucket(decode(m.group(3))),
          decode(m.group(4)));
    }
    if ((m = OBJECT.matcher(path)).matches()) {
      TestBucket bucket = bucket(decode(m.group(1)));
      String name = decode(m.group(2));
      switch (call.method) {
        case "GET":
          return "media".equals(call.query.get("alt")) ? download(call, bucket, name) : metadata(call, bucket, name);
        case "DELETE":
          return delete(call, bucket, name);
        default:
          throw new GcsError(405, "methodNotAllowed", "Method " + call.method + " is not implemented for objects");
      }
    }
    if ((m = BUCKET.matcher(path)).matches()) {
      requireMethod(call, "GET");
      call.identify(Operation.GET_BUCKET, null);
      TestBucket bucket = bucket(decode(m.group(1)));
      ObjectNode node = JSON.createObjectNode();
      node.put("kind", "storage#bucket").put("id", bucket.name()).put("name", bucket.name())
          .put("location", "US").put("storageClass", "STANDARD").put("metageneration", "1");
      return Reply.json(200, node);
    }
    call.identify(Operation.UNKNOWN, null);
    throw new GcsError(501, "notImplemented", "The test server does not implement " + call.method + " " + path);
  }

  // --- uploads -----------------------------------------------------------------------------------

  private Reply mediaUpload(Call call, TestBucket bucket) throws IOException {
    String name = requireName(call.query.get("name"));
    call.identify(Operation.INSERT, name);
    StagedContent content = stage(bucket, call.body());
    String contentType = Objects.requireNonNullElse(call.header("Content-Type"), "application/octet-stream");
    StoredObject object = bucket.commit(name, content, contentType, Map.of(), writePreconditions(call));
    return Reply.json(200, resource(bucket, object));
  }

  private Reply multipartUpload(Call call, TestBucket bucket) throws IOException {
    String contentType = call.header("Content-Type");
    String boundary = contentType == null ? null : parameter(contentType, "boundary");
    if (contentType == null || !contentType.toLowerCase().startsWith("multipart/related") || boundary == null) {
      throw GcsError.badRequest("A multipart upload needs Content-Type multipart/related with a boundary");
    }
    byte[] body = call.body().readNBytes(MULTIPART_LIMIT + 1);
    if (body.length > MULTIPART_LIMIT) {
      throw new GcsError(413, "uploadTooLarge", "Multipart uploads are limited to " + MULTIPART_LIMIT + " bytes here");
    }
    List<byte[]> parts = multipartParts(body, boundary);
    if (parts.size() != 2) {
      throw GcsError.badRequest("A multipart upload has exactly two parts (metadata, media), this one has " + parts.size());
    }
    JsonNode metadata = parseJson(partBody(parts.get(0)));
    String name = requireName(call.query.containsKey("name") ? call.query.get("name") : text(metadata, "name"));
    call.identify(Operation.INSERT, name);
    byte[] media = partBody(parts.get(1));
    String mediaType = partHeader(parts.get(1), "content-type");
    StagedContent content = new StagedContent(bucket.dir());
    content.append(media, 0, media.length);
    content.finish();
    checkHashes(content, text(metadata, "md5Hash"), text(metadata, "crc32c"));
    String type = Objects.requireNonNullElse(text(metadata, "contentType"),
        Objects.requireNonNullElse(mediaType, "application/octet-stream"));
    StoredObject object = bucket.commit(name, content, type, customMetadata(metadata), writePreconditions(call));
    return Reply.json(200, resource(bucket, object));
  }

  private Reply resumableStart(Call call, TestBucket bucket) throws IOException {
    byte[] body = call.body().readAllBytes();
    JsonNode metadata = body.length == 0 ? JSON.createObjectNode() : parseJson(body);
    String name = requireName(call.query.containsKey("name") ? call.query.get("name") : text(metadata, "name"));
    call.identify(Operation.RESUMABLE_START, name);
    Preconditions preconditions = writePreconditions(call);
    // The preconditions are always checked, atomically, when the upload is finalized; whether
    // GCS also refuses an upload at its start is not promised, so that is an option here.
    if (checkPreconditionsAtUploadStart) {
      preconditions.checkWrite(bucket.get(name));
    }
    String declared = call.header("X-Upload-Content-Length");
    String type = Objects.requireNonNullElse(text(metadata, "contentType"),
        Objects.requireNonNullElse(call.header("X-Upload-Content-Type"), "application/octet-stream"));
    String id = UUID.randomUUID().toString().replace("-", "");
    UploadSession session = new UploadSession(id, bucket, name, type.isEmpty() ? "application/octet-stream" : type,
        customMetadata(metadata), preconditions, declared == null ? null : Long.parseLong(declared.trim()),
        text(metadata, "md5Hash"), text(metadata, "crc32c"));
    sessions.put(id, session);
    String location = endpoint + "/upload/storage/v1/b/" + encode(bucket.name()) + "/o?uploadType=resumable&upload_id=" + id;
    return Reply.empty(200, Map.of("Location", location, "X-GUploader-UploadID", id));
  }

  private Reply resumablePut(Call call, UploadSession session) throws IOException {
    call.identify(Operation.RESUMABLE_PUT, session.objectName());
    String range = call.header("Content-Range");
    UploadSession.State state;
    if (range == null) {
      throw GcsError.badRequest("A PUT to an upload session needs a Content-Range header");
    } else {
      Matcher m = CONTENT_RANGE.matcher(range.trim());
      if (!m.matches()) {
        throw GcsError.badRequest("Invalid Content-Range '" + range + "'");
      }
      long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
      if (m.group(1) == null) {
        call.drain();
        state = total < 0 ? session.query() : session.put(-1, -1, total, InputStream.nullInputStream(),
            call.header("x-goog-hash"));
      } else {
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        if (last < first) {
          throw GcsError.badRequest("Invalid Content-Range '" + range + "'");
        }
        state = session.put(first, last, total, call.body(), call.header("x-goog-hash"));
      }
    }
    if (state.object() != null) {
      return Reply.json(200, resource(session.bucket(), state.object()));
    }
    Map<String, String> headers = new HashMap<>();
    if (state.persisted() > 0) {
      headers.put("Range", "bytes=0-" + (state.persisted() - 1));
    }
    return Reply.empty(308, headers);
  }

  /**
   * A rewrite (server-side copy) done in one call: the destination's write preconditions
   * ({@code ifGenerationMatch}) hold as for an upload, and the body's metadata replaces the
   * source's.
   */
  private Reply rewrite(Call call, TestBucket source, String sourceName, TestBucket target, String targetName)
      throws IOException {
    call.identify(Operation.REWRITE, targetName);
    StoredObject object = live(source, sourceName, Map.of());
    byte[] body = call.body().readAllBytes();
    JsonNode metadata = body.length == 0 ? JSON.createObjectNode() : parseJson(body);
    StagedContent content;
    try (InputStream in = Files.newInputStream(object.file())) {
      content = stage(target, in);
    }
    String type = Objects.requireNonNullElse(text(metadata, "contentType"), object.contentType());
    StoredObject created = target.commit(targetName, content, type, customMetadata(metadata), writePreconditions(call));
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", "storage#rewriteResponse").put("totalBytesRewritten", Long.toString(created.size()))
        .put("objectSize", Long.toString(created.size())).put("done", true);
    node.set("resource", resource(target, created));
    return Reply.json(200, node);
  }

  private static StagedContent stage(TestBucket bucket, InputStream in) throws IOException {
    StagedContent content = new StagedContent(bucket.dir());
    try {
      content.append(in, -1);
      content.finish();
    } catch (IOException | RuntimeException e) {
      content.discard();
      throw e;
    }
    return content;
  }

  private static void checkHashes(StagedContent content, String md5, String crc32c) {
    if (md5 != null && !md5.equals(content.md5Base64())) {
      content.discard();
      throw GcsError.badRequest("Provided MD5 hash \"" + md5 + "\" does not match the content's \"" + content.md5Base64() + "\"");
    }
    if (crc32c != null && !crc32c.equals(content.crc32cBase64())) {
      content.discard();
      throw GcsError.badRequest("Provided CRC32C \"" + crc32c + "\" does not match the content's \"" + content.crc32cBase64() + "\"");
    }
  }

  // --- reads, listing, delete ---------------------------------------------------------------------

  private Reply metadata(Call call, TestBucket bucket, String name) {
    call.identify(Operation.GET, name);
    StoredObject object = live(bucket, name, call.query);
    Preconditions.from(call.query).checkRead(object);
    return Reply.json(200, resource(bucket, object));
  }

  private Reply download(Call call, TestBucket bucket, String name) throws IOException {
    call.identify(Operation.DOWNLOAD, name);
    StoredObject object = live(bucket, name, call.query);
    Preconditions.from(call.query).checkRead(object);
    long first = 0;
    long length = object.size();
    int status = 200;
    Map<String, String> headers = new LinkedHashMap<>();
    String range = call.header("Range");
    if (range != null) {
      Matcher m = RANGE.matcher(range.trim());
      if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
        throw GcsError.badRequest("Invalid Range '" + range + "'");
      }
      long start;
      long end;
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        start = Math.max(0, object.size() - suffix);
        end = object.size() - 1;
      } else {
        start = Long.parseLong(m.group(1));
        end = m.group(2).isEmpty() ? object.size() - 1 : Math.min(Long.parseLong(m.group(2)), object.size() - 1);
      }
      if (start >= object.size()) {
        throw new GcsError(416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
      }
      first = start;
      length = end - start + 1;
      status = 206;
      headers.put("Content-Range", "bytes " + start + "-" + end + "/" + object.size());
    }
    if (!Files.exists(object.file())) {
      throw GcsError.notFound("No such object: " + bucket.name() + "/" + name);
    }
    headers.put("Content-Type", object.contentType());
    headers.put("ETag", etag(object));
    headers.put("x-goog-generation", Long.toString(object.generation()));
    headers.put("x-goog-metageneration", Long.toString(object.metageneration()));
    headers.put("x-goog-stored-content-length", Long.toString(object.size()));
    headers.put("x-goog-stored-content-encoding", "identity");
    headers.put("x-goog-storage-class", "STANDARD");
    headers.put("x-goog-hash", "crc32c=" + object.crc32c() + ",md5=" + object.md5());
    headers.put("Accept-Ranges", "bytes");
    return new Reply(status, headers, null, object.file(), first, length);
  }

  private Reply list(Call call, TestBucket bucket) {
    call.identify(Operation.LIST, null);
    Map<String, String> q = call.query;
    String prefix = q.getOrDefault("prefix", "");
    String delimiter = q.get("delimiter");
    String startOffset = q.get("startOffset");
    String endOffset = q.get("endOffset");
    int maxResults = q.containsKey("maxResults") ? Math.max(1, Math.min(1000, Integer.parseInt(q.get("maxResults")))) : 1000;
    String after = null;
    if (q.get("pageToken") != null) {
      try {
        after = new String(Base64.getUrlDecoder().decode(q.get("pageToken")), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw GcsError.badRequest("Invalid pageToken");
      }
    }
    String from = prefix;
    if (startOffset != null && startOffset.compareTo(from) > 0) {
      from = startOffset;
    }
    NavigableMap<String, StoredObject> view = bucket.objects().tailMap(from, true);
    if (after != null) {
      view = view.tailMap(after, false);
    }
    ArrayNode items = JSON.createArrayNode();
    ArrayNode prefixes = JSON.createArrayNode();
    String lastPrefix = null;
    String last = null;
    boolean more = false;
    int count = 0;
    for (StoredObject object : view.values()) {
      String name = object.name();
      if (!name.startsWith(prefix)) {
        break;
      }
      if (endOffset != null && name.compareTo(endOffset) >= 0) {
        break;
      }
      int cut = delimiter == null ? -1 : name.indexOf(delimiter, prefix.length());
      String rolledUp = cut < 0 ? null : name.substring(0, cut + delimiter.length());
      if (rolledUp != null && rolledUp.equals(lastPrefix)) {
        last = name;
        continue;
      }
      if (count == maxResults) {
        more = true;
        break;
      }
      if (rolledUp != null) {
        prefixes.add(rolledUp);
        lastPrefix = rolledUp;
      } else {
        items.add(resource(bucket, object));
      }
      last = name;
      count++;
    }
    ObjectNode node = JSON.createObjectNode().put("kind", "storage#objects");
    if (!items.isEmpty()) {
      node.set("items", items);
    }
    if (!prefixes.isEmpty()) {
      node.set("prefixes", prefixes);
    }
    if (more) {
      node.put("nextPageToken", Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
    }
    return Reply.json(200, node);
  }

  private Reply delete(Call call, TestBucket bucket, String name) {
    call.identify(Operation.DELETE, name);
    bucket.delete(name, generation(call.query), Preconditions.from(call.query));
    return Reply.empty(204, Map.of());
  }

  // --- helpers -------------------------------------------------------------------------------------

  private TestBucket bucket(String name) {
    TestBucket bucket = buckets.get(name);
    if (bucket == null) {
      throw GcsError.notFound("The specified bucket does not exist: " + name);
    }
    return bucket;
  }

  private UploadSession session(String id) {
    UploadSession session = sessions.get(id);
    if (session == null) {
      throw GcsError.notFound("No such upload session: " + id);
    }
    return session;
  }

  private static StoredObject live(TestBucket bucket, String name, Map<String, String> query) {
    StoredObject object = bucket.get(name);
    Long generation = generation(query);
    if (object == null || (generation != null && object.generation() != generation)) {
      throw GcsError.notFound("No such object: " + bucket.name() + "/" + name);
    }
    return object;
  }

  private static Long generation(Map<String, String> query) {
    String value = query.get("generation");
    try {
      return value == null ? null : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw GcsError.badRequest("Invalid generation '" + value + "'");
    }
  }

  private ObjectNode resource(TestBucket bucket, StoredObject object) {
    String encodedName = encode(object.name());
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", "storage#object")
        .put("id", bucket.name() + "/" + object.name() + "/" + object.generation())
        .put("selfLink", endpoint + "/storage/v1/b/" + encode(bucket.name()) + "/o/" + encodedName)
        .put("mediaLink", endpoint + "/download/storage/v1/b/" + encode(bucket.name()) + "/o/" + encodedName
            + "?generation=" + object.generation() + "&alt=media")
        .put("name", object.name())
        .put("bucket", bucket.name())
        .put("generation", Long.toString(object.generation()))
        .put("metageneration", Long.toString(object.metageneration()))
        .put("contentType", object.contentType())
        .put("storageClass", "STANDARD")
        .put("size", Long.toString(object.size()))
        .put("md5Hash", object.md5())
        .put("crc32c", object.crc32c())
        .put("etag", etag(object))
        .put("timeCreated", DateTimeFormatter.ISO_INSTANT.format(object.created()))
        .put("updated", DateTimeFormatter.ISO_INSTANT.format(object.created()));
    if (!object.metadata().isEmpty()) {
      ObjectNode metadata = node.putObject("metadata");
      object.metadata().forEach(metadata::put);
    }
    return node;
  }

  private static String etag(StoredObject object) {
    return "\"" + Long.toHexString(object.generation()) + "\"";
  }

  private static Reply error(GcsError e) {
    ObjectNode node = JSON.createObjectNode();
    ObjectNode error = node.putObject("error");
    error.put("code", e.status()).put("message", e.getMessage());
    error.putArray("errors").addObject().put("message", e.getMessage()).put("domain", "global").put("reason", e.reason());
    return Reply.json(e.status(), node);
  }

  private static void sendHalfThenDrop(HttpExchange exchange, Reply reply) throws IOException {
    reply.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(reply.status(), reply.length());
    OutputStream out = exchange.getResponseBody();
    try (InputStream in = Files.newInputStream(reply.file())) {
      in.skipNBytes(reply.offset());
      out.write(in.readNBytes((int) Math.min(reply.length() / 2, Integer.MAX_VALUE - 8)));
      out.flush();
    }
    // Closing the exchange now, short of the promised length, makes the server drop the connection.
    throw new DropConnection();
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    reply.headers().forEach(headers::set);
    boolean noBody = reply.status() == 204 || reply.status() == 304 || exchange.getRequestMethod().equals("HEAD");
    if (reply.file() != null) {
      try (FileChannel channel = FileChannel.open(reply.file(), StandardOpenOption.READ)) {
        exchange.sendResponseHeaders(reply.status(), reply.length() == 0 ? -1 : reply.length());
        if (reply.length() > 0) {
          try (OutputStream out = exchange.getResponseBody()) {
            channel.position(reply.offset());
            long remaining = reply.length();
            InputStream in = Channels.newInputStream(channel);
            byte[] buffer = new byte[64 * 1024];
            while (remaining > 0) {
              int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
              if (n < 0) {
                throw new IOException("The object's file ended early");
              }
              out.write(buffer, 0, n);
              remaining -= n;
            }
          }
        }
      } catch (NoSuchFileException e) {
        // The generation was replaced or deleted between lookup and open.
        send(exchange, error(GcsError.notFound("No such object (it changed while being read)")));
      }
      return;
    }
    if (noBody || reply.body() == null || reply.body().length == 0) {
      exchange.sendResponseHeaders(reply.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(reply.status(), reply.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(reply.body());
    }
  }

  private static void requireMethod(Call call, String... allowed) {
    for (String method : allowed) {
      if (method.equals(call.method)) {
        return;
      }
    }
    call.identify(Operation.UNKNOWN, null);
    throw new GcsError(405, "methodNotAllowed", "Method " + call.method + " is not allowed here");
  }

  private static String requireName(String name) {
    if (name == null || name.isEmpty()) {
      throw new GcsError(400, "required", "Required: the object name");
    }
    if (name.length() > 1024 || name.contains("\r") || name.contains("\n")) {
      throw GcsError.badRequest("The object name is not valid");
    }
    return name;
  }

  private static JsonNode parseJson(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new GcsError(400, "parseError", "The request body is not valid JSON");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Map<String, String> customMetadata(JsonNode metadata) {
    Map<String, String> result = new LinkedHashMap<>();
    JsonNode node = metadata.get("metadata");
    if (node != null && node.isObject()) {
      node.properties().forEach(e -> result.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    }
    result.values().removeIf(Objects::isNull);
    return result;
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(name, value);
    }
    return query;
  }

  /** Percent-decodes a path segment ({@code +} stays a plus sign, unlike in a query). */
  static String decode(String segment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length()) {
        out.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String parameter(String header, String name) {
    for (String part : header.split(";")) {
      String trimmed = part.trim();
      if (trimmed.toLowerCase().startsWith(name + "=")) {
        String value = trimmed.substring(name.length() + 1);
        return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
      }
    }
    return null;
  }

  /** Splits a multipart/related body into its parts (each: headers, blank line, content). */
  private static List<byte[]> multipartParts(byte[] body, String boundary) {
    byte[] data = new byte[body.length + 2];
    data[0] = '\r';
    data[1] = '\n';
    System.arraycopy(body, 0, data, 2, body.length);
    byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<byte[]> parts = new ArrayList<>();
    int at = indexOf(data, delimiter, 0);
    if (at < 0) {
      throw GcsError.badRequest("The multipart body has no boundary line");
    }
    while (true) {
      int afterDelimiter = at + delimiter.length;
      if (afterDelimiter + 1 < data.length && data[afterDelimiter] == '-' && data[afterDelimiter + 1] == '-') {
        return parts;
      }
      int lineEnd = indexOf(data, "\r\n".getBytes(StandardCharsets.ISO_8859_1), afterDelimiter);
      int next = lineEnd < 0 ? -1 : indexOf(data, delimiter, lineEnd);
      if (next < 0) {
        throw GcsError.badRequest("The multipart body does not end with a closing boundary");
      }
      byte[] part = new byte[next - (lineEnd + 2)];
      System.arraycopy(data, lineEnd + 2, part, 0, part.length);
      parts.add(part);
      at = next;
    }
  }

  private static byte[] partBody(byte[] part) {
    int split = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (split < 0) {
      // A part without headers starts with the blank line.
      if (part.length >= 2 && part[0] == '\r' && part[1] == '\n') {
        byte[] body = new byte[part.length - 2];
        System.arraycopy(part, 2, body, 0, body.length);
        return body;
      }
      throw GcsError.badRequest("A multipart part has no blank line after its headers");
    }
    byte[] body = new byte[part.length - split - 4];
    System.arraycopy(part, split + 4, body, 0, body.length);
    return body;
  }

  private static String partHeader(byte[] part, String name) {
    int split = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (split < 0) {
      return null;
    }
    String headers = new String(part, 0, split, StandardCharsets.ISO_8859_1);
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Counts the bytes read from a request body, for the request log. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    /**
     * Skips by reading: the JDK server's fixed-length body stream inherits a {@code skip} that
     * bypasses its length accounting, after which reads wait for bytes that never come.
     */
    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[8192];
      long skipped = 0;
      while (skipped < n) {
        int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (read < 0) {
          break;
        }
        skipped += read;
      }
      return skipped;
    }

    long count() {
      return count;
    }
  }
}
