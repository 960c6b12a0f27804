package dev.pedigree.pipeline;

import static dev.pedigree.pipeline.Fixtures.inputs;
import static dev.pedigree.pipeline.Fixtures.writeOld;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.objects.StatCache;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stat cache decides "did this directory change?" from metadata, and is never trusted past a change. */
class StatCacheTest {
  private static final int FILES = 50;
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("tester").build();
  @TempDir
  Path dir;
  private Path data;
  private Path cacheFile;

  /** Counts the files the runner had to read, as its listener reports them. */
  private final AtomicLong hashed = new AtomicLong();
  private final AtomicLong checked = new AtomicLong();

  @BeforeEach
  void setUp() {
    data = dir.resolve("data");
    for (int i = 0; i < FILES; i++) {
      writeOld(data.resolve("part-" + (i % 5)).resolve("row-" + i + ".csv"), "row " + i + "\n", 3600);
    }
    cacheFile = dir.resolve("state/stat-cache");
  }

  private PipelineResult run() {
    hashed.set(0);
    checked.set(0);
    Stage count = new Stage("count", inputs("data", StageInput.local(data)), Map.of(),
        List.of(new StageOutput("row-count", ArtifactKind.REPORT)), CodeIdentity.version("1"), ctx -> {
          try (var files = Files.walk(ctx.input("data"))) {
            Fixtures.write(ctx.output("row-count").resolve("count.txt"),
                Long.toString(files.filter(Files::isRegularFile).count()));
          }
        });
    PipelineListener counter = new PipelineListener() {
      @Override
      public void localInputProgress(String pipeline, String stage, Path path, long filesDone, long filesHashed,
          boolean done) {
        if (done) {
          hashed.addAndGet(filesHashed);
          checked.addAndGet(filesDone);
        }
      }
    };
    return PipelineRunner.on(repo).statCache(cacheFile).listener(counter).workDirectory(dir.resolve("work"))
        .run(new Pipeline("rows", List.of(count)));
  }

  @Test
  void aNoOpCheckHashesNothingAndAOneFileChangeHashesOnlyThatFile() {
    assertThat(run().stage("count").status()).isEqualTo(StageStatus.RAN);
    assertThat(hashed.get()).isEqualTo(FILES);
    assertThat(Files.exists(cacheFile)).isTrue();

    assertThat(run().stage("count").status()).isEqualTo(StageStatus.SKIPPED_UNCHANGED);
    assertThat(checked.get()).isEqualTo(FILES);
    assertThat(hashed.get()).isZero();

    writeOld(data.resolve("part-3/row-13.csv"), "row 13 changed\n", 1800);
    assertThat(run().stage("count").status()).isEqualTo(StageStatus.RAN);
    assertThat(hashed.get()).isEqualTo(1);

    assertThat(run().stage("count").status()).isEqualTo(StageStatus.SKIPPED_UNCHANGED);
    assertThat(hashed.get()).isZero();
  }

  @Test
  void aDeletedCacheCostsOneRehashAndChangesNoDecision() throws Exception {
    PipelineResult first = run();
    Files.delete(cacheFile);
    PipelineResult second = run();
    assertThat(second.stage("count").status()).isEqualTo(StageStatus.SKIPPED_UNCHANGED);
    assertThat(second.stage("count").fingerprint()).isEqualTo(first.stage("count").fingerprint());
    assertThat(hashed.get()).isEqualTo(FILES);
  }

  @Test
  void aCorruptCacheIsIgnored() throws Exception {
    run();
    Files.writeString(cacheFile, "pedigree-stat-cache/1\nnot a line\n");
    assertThat(run().stage("count").status()).isEqualTo(StageStatus.SKIPPED_UNCHANGED);
    assertThat(hashed.get()).isEqualTo(FILES);
    run();
    assertThat(hashed.get()).as("rewritten after the corrupt one was ignored").isZero();
  }

  @Test
  void changedMetadataWithTheSameContentIsRehashedToTheSameDigest() throws Exception {
    PipelineResult first = run();
    Path touched = data.resolve("part-1/row-6.csv");
    Files.setLastModifiedTime(touched, FileTime.from(Instant.now().minusSeconds(100)));
    PipelineResult second = run();
    assertThat(hashed.get()).isEqualTo(1);
    assertThat(second.stage("count").status()).isEqualTo(StageStatus.SKIPPED_UNCHANGED);
    assertThat(second.stage("count").fingerprint()).isEqualTo(first.stage("count").fingerprint());
  }

  @Test
  void aSameSizeRewriteWithTheSameTimestampButAnotherInodeIsNotTrusted() throws Exception {
    run();
    Path file = data.resolve("part-2/row-7.csv");
    FileTime time = Files.getLastModifiedTime(file);
    Path replacement = data.resolve("part-2/row-7.tmp");
    Files.writeString(replacement, "row X\n");
    Files.setLastModifiedTime(replacement, time);
    Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(file)).isEqualTo("row 7\n".length());
    assertThat(run().stage("count").status()).as("content changed behind an identical size and mtime")
        .isEqualTo(StageStatus.RAN);
    assertThat(hashed.get()).isEqualTo(1);
  }

  @Test
  void aRecentlyModifiedFileIsNotRemembered() throws Exception {
    StatCache cache = StatCache.open(dir.resolve("c"));
    Path fresh = dir.resolve("fresh.txt");
    Files.writeString(fresh, "now");
    BasicFileAttributes attributes = Files.readAttributes(fresh, BasicFileAttributes.class);
    cache.record(fresh, attributes, Digest.of("now".getBytes()));
    assertThat(cache.lookup(fresh, attributes)).isEmpty();

    Path old = dir.resolve("old.txt");
    writeOld(old, "old", 60);
    BasicFileAttributes oldAttributes = Files.readAttributes(old, BasicFileAttributes.class);
    cache.record(old, oldAttributes, Digest.of("old".getBytes()));
    cache.save();
    StatCache reopened = StatCache.open(dir.resolve("c"));
    assertThat(reopened.lookup(old, oldAttributes)).hasValue(Digest.of("old".getBytes()));
    assertThat(reopened.size()).isEqualTo(1);
  }

  @Test
  void theDirectoryDigestFromCacheHitsIsTheDigestOfTheIngestedDirectory() {
    StatCache cache = StatCache.open(cacheFile);
    Digest hashedDigest = cache.digestOf(data, (d, h, f) -> { });
    Digest fromCache = cache.digestOf(data, (d, h, f) -> assertThat(h).isZero());
    assertThat(fromCache).isEqualTo(hashedDigest);
    assertThat(new ObjectStore(new MemoryBlobStore()).ingestDirectory(data, cache).digest()).isEqualTo(hashedDigest);
  }

  @Test
  void addedAndDeletedFilesAreChangesEvenThoughNoKnownFileChanged() throws Exception {
    run();
    Files.delete(data.resolve("part-4/row-9.csv"));
    assertThat(run().stage("count").status()).isEqualTo(StageStatus.RAN);
    assertThat(hashed.get()).isZero();
    writeOld(data.resolve("part-9/new.csv"), "new row\n", 600);
    assertThat(run().stage("count").status()).isEqualTo(StageStatus.RAN);
    assertThat(hashed.get()).isEqualTo(1);
    assertThat(checked.get()).isEqualTo(FILES);
  }

  @Test
  void aFileStampedWithinTheRacyWindowIsNeverRemembered() throws Exception {
    run();
    Path fresh = data.resolve("part-0/fresh.csv");
    Fixtures.write(fresh, "fresh\n");
    // Stamped ahead of the clock, it stays "too recent" for the whole test however slow the machine is.
    Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().plusSeconds(600)));
    assertThat(run().stage("count").status()).isEqualTo(StageStatus.RAN);
    assertThat(hashed.get()).isEqualTo(1);
    assertThat(run().stage("count").status()).isEqualTo(StageStatus.SKIPPED_UNCHANGED);
    assertThat(hashed.get()).as("still too recent to be remembered").isEqualTo(1);
  }
}
