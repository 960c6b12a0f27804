package dev.pedigree.objects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FileObjectStoreTest extends ObjectStoreTests {
  Path root;

  @Override
  protected BlobStore newBlobStore(Path scratch) {
    root = scratch;
    return new FileBlobStore(scratch);
  }

  @Test
  void aSecondIngestLeavesTheStoredFileUntouched() throws IOException {
    byte[] content = randomBytes(9, 2 * 1024 * 1024);
    Digest digest = objects.ingest(new ByteArrayInputStream(content));
    Path stored = storedFile(ObjectStore.keyOf(digest));
    // An old modification time, so any rewrite in place would show.
    FileTime old = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
    Files.setLastModifiedTime(stored, old);
    BasicFileAttributes before = Files.readAttributes(stored, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Path source = Files.write(temp.resolve("again.bin"), content);

    assertThat(objects.ingest(new ByteArrayInputStream(content))).isEqualTo(digest);
    assertThat(objects.ingest(source)).isEqualTo(digest);
    assertThat(objects.put(content)).isEqualTo(digest);

    BasicFileAttributes after = Files.readAttributes(stored, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertThat(after.fileKey()).as("same inode: not replaced").isEqualTo(before.fileKey());
    assertThat(after.lastModifiedTime()).as("not written in place").isEqualTo(old);
    assertThat(Files.readAllBytes(stored)).isEqualTo(content);
    assertThat(storedFile(ObjectStore.keyOf(digest))).isEqualTo(stored);
  }

  /** Finds the one file holding a key, assuming no more of the layout than the key's last segment. */
  private Path storedFile(BlobKey key) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> found = files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().equals(key.name())).toList();
      assertThat(found).as("files holding %s", key).hasSize(1);
      return found.get(0);
    }
  }
}
