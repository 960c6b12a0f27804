package dev.pedigree.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.exceptions.IntegrityException;
import dev.pedigree.exceptions.InvalidManifestException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.FileBlobStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentPartsTest {
  @TempDir
  Path dir;

  @Test
  void filesStoredApartRegisterAsOneDirectoryVersion() throws Exception {
    Path root = dir.resolve("repo");
    BlobStore store = new FileBlobStore(root);
    Path a = Files.writeString(dir.resolve("a"), "alpha");
    Path b = Files.writeString(dir.resolve("b"), "beta!");
    ContentParts parts = ContentParts.on(store);
    ManifestEntry first = parts.storeFile("data/part-1", b);
    ManifestEntry second = parts.storeFile("data/part-0", a);
    assertThat(second.digest()).isEqualTo(Digest.of("alpha".getBytes(StandardCharsets.UTF_8)));
    assertThat(second.size()).isEqualTo(5);
    assertThat(root.resolve(ContentParts.objectKey(second.digest()))).hasContent("alpha");

    Digest manifest = parts.storeManifest(List.of(first, second));
    try (Repository repo = Repository.open(store)) {
      ArtifactVersion version = repo.artifacts().register(NewVersion.of("parts", ArtifactKind.DATASET)
          .stored(manifest, ContentLayout.DIRECTORY).build());
      assertThat(version.size()).isEqualTo(10);
      assertThat(repo.artifacts().manifest(version).entries()).extracting(ManifestEntry::path)
          .containsExactly("data/part-0", "data/part-1");
      try (InputStream in = repo.artifacts().open(version, "data/part-1")) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("beta!");
      }
    }
  }

  @Test
  void refusesUnsafePathsBeforeStoringAndDuplicatePathsInTheManifest() throws Exception {
    Path root = dir.resolve("repo");
    ContentParts parts = ContentParts.on(new FileBlobStore(root));
    Path a = Files.writeString(dir.resolve("a"), "alpha");
    assertThatThrownBy(() -> parts.storeFile("../escape", a)).isInstanceOf(InvalidManifestException.class);
    assertThat(root.resolve(ContentParts.objectKey(Digest.of("alpha".getBytes(StandardCharsets.UTF_8))))).doesNotExist();
    ManifestEntry entry = parts.storeFile("x", a);
    assertThatThrownBy(() -> parts.storeManifest(List.of(entry, entry))).isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("appears twice");
  }

  @Test
  void storeLooseCopiesAPackedFileUnderItsOwnKeyOnce() throws Exception {
    Path root = dir.resolve("repo");
    BlobStore store = new FileBlobStore(root);
    Path folder = Files.createDirectories(dir.resolve("small"));
    Files.writeString(folder.resolve("a.csv"), "x\n1\n");
    Files.writeString(folder.resolve("b.csv"), "x\n2\n");
    try (Repository repo = Repository.open(store)) {
      ArtifactVersion version = repo.artifacts().register(NewVersion.of("small", ArtifactKind.DATASET).directory(folder).build());
      ManifestEntry a = repo.artifacts().manifest(version).entry("a.csv").orElseThrow();
      Path loose = root.resolve(ContentParts.objectKey(a.digest()));
      assertThat(loose).as("small files of a directory are packed").doesNotExist();
      ContentParts parts = ContentParts.on(store);
      assertThat(parts.storeLoose(a.digest())).isTrue();
      assertThat(loose).hasContent("x\n1\n");
      assertThat(parts.storeLoose(a.digest())).isFalse();
    }
  }

  @Test
  void verifyFindsAChangedFile() throws Exception {
    Path root = dir.resolve("repo");
    ContentParts parts = ContentParts.on(new FileBlobStore(root));
    ManifestEntry entry = parts.storeFile("x", Files.writeString(dir.resolve("a"), "alpha"));
    parts.verify(entry.digest());
    Path stored = root.resolve(ContentParts.objectKey(entry.digest()));
    stored.toFile().setWritable(true);
    Files.writeString(stored, "alphb");
    assertThatThrownBy(() -> parts.verify(entry.digest())).isInstanceOf(IntegrityException.class);
  }
}
