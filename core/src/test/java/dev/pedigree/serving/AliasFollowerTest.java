package dev.pedigree.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.FileBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliasFollowerTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);
  private static final String MODEL = "scorer";

  @TempDir
  Path temp;

  private Path storeRoot;
  private FlakyBlobStore flaky;
  private Repository repo;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final AtomicInteger loads = new AtomicInteger();

  @BeforeEach
  void open() {
    storeRoot = temp.resolve("store");
    flaky = new FlakyBlobStore(new FileBlobStore(storeRoot));
    repo = Repository.builder(flaky.store()).actor("test").build();
  }

  @AfterEach
  void close() {
    repo.close();
  }

  /** A loaded "model": the text of its file, or the sorted file names and texts of its folder. */
  private final ModelLoader<String> loader = (version, content) -> {
    loads.incrementAndGet();
    if (Files.isDirectory(content)) {
      try (Stream<Path> files = Files.list(content)) {
        return files.sorted().map(AliasFollowerTest::read).reduce("", (a, b) -> a + b + ";");
      }
    }
    return read(content);
  };

  private final FollowerListener<String> recorder = new FollowerListener<>() {
    @Override
    public void switched(Optional<LoadedVersion<String>> previous, LoadedVersion<String> current) {
      events.add("switched " + current.version().id());
    }

    @Override
    public void refused(ArtifactVersion version, String reason) {
      events.add("refused " + version.id() + " " + reason);
    }

    @Override
    public void storageFailed(RuntimeException error, Duration retryIn) {
      events.add("storage-failed " + retryIn);
    }

    @Override
    public void aliasMissing(String reference) {
      events.add("missing " + reference);
    }
  };

  private AliasFollower<String> follow(Duration interval) {
    return AliasFollower.builder(repo, MODEL + "@production", loader).pollInterval(interval)
        .cacheDirectory(temp.resolve("cache")).listener(recorder).start();
  }

  private ArtifactVersion register(String text) {
    return repo.artifacts().register(NewVersion.of(MODEL, ArtifactKind.MODEL)
        .bytes(text.getBytes(StandardCharsets.UTF_8)).build());
  }

  private ArtifactVersion registerDirectory(String a, String b) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("dir-" + a));
    Files.writeString(dir.resolve("a.txt"), a);
    Files.writeString(dir.resolve("b.txt"), b);
    return repo.artifacts().register(NewVersion.of(MODEL, ArtifactKind.MODEL).directory(dir).build());
  }

  private String awaitEvent(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String event = events.poll(100, TimeUnit.MILLISECONDS);
      if (event != null) {
        if (event.startsWith(prefix)) {
          return event;
        }
        seen.add(event);
      }
    }
    throw new AssertionError("no event '" + prefix + "' within " + GENEROUS + "; saw " + seen);
  }

  @Test
  void aPromotionAndARollbackArePickedUpByPolling() throws Exception {
    ArtifactVersion v1 = register("weights one");
    ArtifactVersion v2 = register("weights two");
    repo.artifacts().moveAlias(MODEL, "production", v1.number(), "first");
    try (AliasFollower<String> follower = follow(Duration.ofMillis(20))) {
      awaitEvent("switched " + v1.id());
      assertThat(follower.model()).isEqualTo("weights one");

      repo.artifacts().moveAlias(MODEL, "production", v2.number(), "better");
      awaitEvent("switched " + v2.id());
      assertThat(follower.model()).isEqualTo("weights two");
      assertThat(follower.previous()).map(p -> p.version().id()).contains(v1.id());

      repo.artifacts().rollback(MODEL, "production", "complaints");
      awaitEvent("switched " + v1.id());
      assertThat(follower.model()).isEqualTo("weights one");
      // The previous version was kept loaded, so the rollback needed no second load of version 1.
      assertThat(loads).hasValue(2);
    }
  }

  @Test
  void aDirectoryVersionIsCheckedOutIntoTheCacheAndLoaded() throws Exception {
    ArtifactVersion dir = registerDirectory("alpha", "beta");
    repo.artifacts().moveAlias(MODEL, "production", dir.number(), "first");
    try (AliasFollower<String> follower = follow(Duration.ofMillis(20))) {
      awaitEvent("switched " + dir.id());
      LoadedVersion<String> served = follower.current().orElseThrow();
      assertThat(served.model()).isEqualTo("alpha;beta;");
      assertThat(served.content()).isDirectory().startsWith(temp.resolve("cache"));
    }
  }

  @Test
  void aCorruptNewVersionIsRefusedAndTheOldOneKeepsServing() throws Exception {
    // One layout per artifact: both versions are directories.
    ArtifactVersion v1 = registerDirectory("one", "two");
    ArtifactVersion v2 = registerDirectory("gamma", "delta");
    repo.artifacts().moveAlias(MODEL, "production", v1.number(), "first");
    try (AliasFollower<String> follower = follow(Duration.ofMillis(20))) {
      awaitEvent("switched " + v1.id());
      // Flip a byte of one file of version 2 in the folder store: small files of a folder lie in a pack.
      Path stored;
      try (Stream<Path> packs = Files.list(storeRoot.resolve("packs"))) {
        stored = packs.filter(p -> p.toString().endsWith(".pack")).filter(p -> latin1(p).contains("delta")).findFirst()
            .orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(stored);
      int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("delta");
      assertThat(at).as("the file's bytes are in the pack").isPositive();
      bytes[at] ^= 0x20;
      Files.write(stored, bytes);

      repo.artifacts().moveAlias(MODEL, "production", v2.number(), "corrupt candidate");
      String refusal = awaitEvent("refused " + v2.id());
      assertThat(refusal).contains("did not check out intact and verified");
      assertThat(follower.model()).isEqualTo("one;two;");
      assertThat(follower.current()).map(c -> c.version().id()).contains(v1.id());
      // A refused version is not retried until the alias moves again.
      assertThat(follower.pollNow()).isEqualTo(AliasFollower.PollOutcome.UNCHANGED);
      assertThat(loads).hasValue(1);
      try (Stream<Path> cached = Files.list(temp.resolve("cache"))) {
        assertThat(cached.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith(MODEL + "-v1-"));
      }
    }
  }

  @Test
  void aDeletedNewVersionIsRefusedAndTheOldOneKeepsServing() throws Exception {
    ArtifactVersion v1 = register("weights one");
    ArtifactVersion v2 = register("weights two");
    repo.artifacts().moveAlias(MODEL, "production", v1.number(), "first");
    try (AliasFollower<String> follower = follow(Duration.ofMillis(20))) {
      awaitEvent("switched " + v1.id());
      Files.delete(storedFile(ObjectStore.keyOf(v2.content())));

      repo.artifacts().moveAlias(MODEL, "production", v2.number(), "deleted candidate");
      awaitEvent("refused " + v2.id());
      assertThat(follower.model()).isEqualTo("weights one");

      ArtifactVersion v3 = register("weights three");
      repo.artifacts().moveAlias(MODEL, "production", v3.number(), "fixed");
      awaitEvent("switched " + v3.id());
      assertThat(follower.model()).isEqualTo("weights three");
    }
  }

  @Test
  void aVerifierRefusalKeepsTheOldVersionAndSaysWhy() throws Exception {
    ArtifactVersion v1 = register("weights one");
    ArtifactVersion v2 = register("weights two");
    repo.artifacts().moveAlias(MODEL, "production", v1.number(), "first");
    VersionVerifier onlyOdd = (version, content) -> version.number() % 2 == 1
        ? Verification.accept() : Verification.refuse("version " + version.number() + " is not signed");
    try (AliasFollower<String> follower = AliasFollower.builder(repo, MODEL + "@production", loader)
        .pollInterval(Duration.ofMillis(20)).verifier(onlyOdd).listener(recorder).start()) {
      awaitEvent("switched " + v1.id());
      repo.artifacts().moveAlias(MODEL, "production", v2.number(), "unsigned");
      assertThat(awaitEvent("refused " + v2.id())).endsWith("the verifier refused it: version 2 is not signed");
      assertThat(follower.model()).isEqualTo("weights one");
      assertThat(loads).hasValue(1);
    }
  }

  @Test
  void storageErrorsBackOffWithoutDroppingTheLoadedModel() throws Exception {
    ArtifactVersion v1 = register("weights one");
    ArtifactVersion v2 = register("weights two");
    repo.artifacts().moveAlias(MODEL, "production", v1.number(), "first");
    try (AliasFollower<String> follower = AliasFollower.builder(repo, MODEL + "@production", loader)
        .pollInterval(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(80)).listener(recorder).start()) {
      awaitEvent("switched " + v1.id());
      flaky.down(true);
      assertThat(awaitEvent("storage-failed")).isEqualTo("storage-failed PT0.04S");
      assertThat(awaitEvent("storage-failed")).isEqualTo("storage-failed PT0.08S");
      assertThat(awaitEvent("storage-failed")).isEqualTo("storage-failed PT0.08S");
      assertThat(follower.model()).isEqualTo("weights one");
      flaky.down(false);
      repo.artifacts().moveAlias(MODEL, "production", v2.number(), "after the outage");
      awaitEvent("switched " + v2.id());
      assertThat(follower.model()).isEqualTo("weights two");
    }
  }

  @Test
  void aQuietPollIsOneListingOfOneKeyAndNoRead() throws Exception {
    ArtifactVersion v1 = register("weights one");
    repo.artifacts().moveAlias(MODEL, "production", v1.number(), "first");
    try (AliasFollower<String> follower = follow(Duration.ofHours(1))) {
      awaitEvent("switched " + v1.id());
      long before = flaky.totalCalls();
      long listsBefore = flaky.calls("list");
      for (int i = 0; i < 10; i++) {
        assertThat(follower.pollNow()).isEqualTo(AliasFollower.PollOutcome.UNCHANGED);
      }
      assertThat(flaky.calls("list") - listsBefore).isEqualTo(10);
      assertThat(flaky.totalCalls() - before).isEqualTo(10);
    }
  }

  @Test
  void aMissingAliasIsReportedAndAFirstPromotionIsThenPickedUp() throws Exception {
    try (AliasFollower<String> follower = follow(Duration.ofMillis(20))) {
      awaitEvent("missing " + MODEL + "@production");
      assertThat(follower.current()).isEmpty();
      assertThatThrownBy(follower::model).isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("Cannot serve scorer@production: no version has been loaded yet");
      ArtifactVersion v1 = register("weights one");
      repo.artifacts().moveAlias(MODEL, "production", v1.number(), "first");
      assertThat(follower.awaitModel(GENEROUS)).map(LoadedVersion::model).contains("weights one");
    }
  }

  @Test
  void aThousandConcurrentReadersNeverSeeAHalfLoadedModel() throws Exception {
    List<ArtifactVersion> versions = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      versions.add(register("weights " + i));
    }
    repo.artifacts().moveAlias(MODEL, "production", 1, "first");
    // The loader fills a plain (non-volatile) object slowly; only the follower's swap publishes it.
    ModelLoader<Weights> slow = (version, content) -> {
      Weights w = new Weights();
      w.values = new int[4096];
      for (int i = 0; i < w.values.length; i++) {
        w.values[i] = version.number();
        if (i % 1024 == 0) {
          Thread.sleep(1);
        }
      }
      w.number = version.number();
      w.complete = true;
      return w;
    };
    AtomicReference<String> problem = new AtomicReference<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    BlockingQueue<Integer> switches = new LinkedBlockingQueue<>();
    try (AliasFollower<Weights> follower = AliasFollower.builder(repo, MODEL + "@production", slow)
        .pollInterval(Duration.ofMillis(5)).listener(new FollowerListener<>() {
          @Override
          public void switched(Optional<LoadedVersion<Weights>> previous, LoadedVersion<Weights> current) {
            switches.add(current.version().number());
          }
        }).start()) {
      assertThat(follower.awaitModel(GENEROUS)).isPresent();
      CountDownLatch started = new CountDownLatch(1000);
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 1000; t++) {
        Thread reader = new Thread(() -> {
          started.countDown();
          while (!stop.get()) {
            LoadedVersion<Weights> served = follower.current().orElseThrow();
            Weights w = served.model();
            if (!w.complete || w.number != served.version().number() || w.values[0] != w.number
                || w.values[w.values.length - 1] != w.number) {
              problem.compareAndSet(null, "reader saw version " + served.version().number() + " with complete="
                  + w.complete + ", number=" + w.number);
            }
            reads.incrementAndGet();
            Thread.yield();
          }
        });
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
      }
      assertThat(started.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
      switches.clear();
      int[] sequence = {2, 3, 1, 3, 2};
      for (int target : sequence) {
        repo.artifacts().moveAlias(MODEL, "production", target, "switch to " + target);
        Integer seen;
        do {
          seen = switches.poll(GENEROUS.toSeconds(), TimeUnit.SECONDS);
          assertThat(seen).as("switch to version %d", target).isNotNull();
        } while (seen != target);
      }
      stop.set(true);
      for (Thread reader : readers) {
        reader.join(GENEROUS.toMillis());
      }
      assertThat(problem.get()).isNull();
      assertThat(reads.get()).isGreaterThanOrEqualTo(1000);
    }
  }

  @Test
  void theBuilderRefusesAFixedVersionAndSettingsGivenTwice() {
    assertThatThrownBy(() -> AliasFollower.builder(repo, MODEL + ":3", loader))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot follow 'scorer:3': it names a fixed version, not an alias; follow a reference such as"
            + " 'scorer@production'");
    AliasFollower.Builder<String> builder = AliasFollower.builder(repo, MODEL + "@production", loader)
        .pollInterval(Duration.ofSeconds(1));
    assertThatThrownBy(() -> builder.pollInterval(Duration.ofSeconds(2))).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set the poll interval twice: it is already PT1S; set it once");
    assertThatThrownBy(() -> builder.maxBackoff(Duration.ZERO)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot use PT0S as the maximum backoff: give at least 1 millisecond");
  }

  private Path storedFile(BlobKey key) throws IOException {
    try (Stream<Path> files = Files.walk(storeRoot)) {
      return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().equals(key.name()))
          .findFirst().orElseThrow(() -> new AssertionError("no stored file for " + key));
    }
  }

  private static String latin1(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A model object with plain fields, filled by the loader one step at a time. */
  static final class Weights {
    int[] values;
    int number;
    boolean complete;
  }
}
