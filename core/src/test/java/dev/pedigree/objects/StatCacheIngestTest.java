package dev.pedigree.objects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.storage.MemoryBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingesting a directory through a stat cache: an unchanged directory is answered from its files'
 * metadata (shown by content changed behind an identical size, modification time and inode,
 * which only reading would notice), one changed file is read again, and entries of deleted
 * files leave the cache.
 */
class StatCacheIngestTest {
  @TempDir
  Path temp;
  private Path data;
  private final FileTime old = FileTime.from(Instant.now().minusSeconds(60));
  private final ObjectStore objects = new ObjectStore(new MemoryBlobStore());

  @BeforeEach
  void writeData() throws IOException {
    data = Files.createDirectories(temp.resolve("data"));
    for (int i = 0; i < 30; i++) {
      Path file = data.resolve("part-" + i % 3 + "/row-" + i + ".csv");
      Files.createDirectories(file.getParent());
      write(file, "row " + i + "\n");
    }
  }

  @Test
  void anUnchangedDirectoryIsAnsweredFromMetadata() throws IOException {
    StatCache cache = StatCache.open(temp.resolve("cache"));
    DirectorySnapshot first = objects.ingestDirectory(data, cache);
    cache.save();

    // Same size, same mtime, same inode: only reading the file would tell.
    write(data.resolve("part-1/row-7.csv"), "row X\n");
    DirectorySnapshot again = objects.ingestDirectory(data, StatCache.open(temp.resolve("cache")));

    assertThat(again.digest()).isEqualTo(first.digest());
    assertThat(again.manifest()).isEqualTo(first.manifest());
  }

  @Test
  void oneChangedFileIsReadAgainAndTheRestComesFromTheCache() throws IOException {
    StatCache cache = StatCache.open(temp.resolve("cache"));
    DirectorySnapshot first = objects.ingestDirectory(data, cache);
    cache.save();
    // Behind unchanged metadata, as above: still trusted, since it is not the file that changed.
    write(data.resolve("part-1/row-7.csv"), "row X\n");
    Path changed = data.resolve("part-2/row-8.csv");
    Files.writeString(changed, "row eight, changed\n");
    Files.setLastModifiedTime(changed, FileTime.from(Instant.now().minusSeconds(30)));

    StatCache reopened = StatCache.open(temp.resolve("cache"));
    DirectorySnapshot second = objects.ingestDirectory(data, reopened);

    assertThat(second.digest()).isNotEqualTo(first.digest());
    assertThat(second.manifest().entry("part-2/row-8.csv").orElseThrow().digest())
        .isEqualTo(Digest.of("row eight, changed\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(second.manifest().entry("part-1/row-7.csv").orElseThrow().digest())
        .as("an unchanged file is not read").isEqualTo(Digest.of("row 7\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(objects.readAllBytes(second.manifest().entry("part-2/row-8.csv").orElseThrow().digest()))
        .isEqualTo("row eight, changed\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void entriesOfDeletedFilesArePruned() throws IOException {
    StatCache cache = StatCache.open(temp.resolve("cache"));
    objects.ingestDirectory(data, cache);
    assertThat(cache.size()).isEqualTo(30);
    Files.delete(data.resolve("part-0/row-0.csv"));
    Files.delete(data.resolve("part-0/row-3.csv"));

    objects.ingestDirectory(data, cache);
    cache.save();

    assertThat(cache.size()).isEqualTo(28);
    assertThat(StatCache.open(temp.resolve("cache")).size()).isEqualTo(28);
  }

  /** Writes a file in place (same inode) and gives it the same old modification time. */
  private void write(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, old);
  }
}
