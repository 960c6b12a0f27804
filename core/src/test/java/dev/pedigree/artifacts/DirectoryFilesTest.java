package dev.pedigree.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file list of a directory version and reading one of its files, as tools such as the CLI's diff need. */
class DirectoryFilesTest {
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("tester").build();

  @Test
  void aDirectoryVersionListsItsFilesAndOpensEachVerified(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("part"));
    Files.writeString(dir.resolve("a.csv"), "id\n1\n");
    Files.writeString(dir.resolve("part/b.csv"), "id\n2\n3\n");
    ArtifactVersion version = repo.artifacts().register(NewVersion.of("features", ArtifactKind.DATASET).directory(dir).build());

    assertThat(repo.artifacts().manifest(version).entries()).extracting(ManifestEntry::path, ManifestEntry::size)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a.csv", 5L), org.assertj.core.groups.Tuple.tuple("part/b.csv", 7L));
    assertThat(repo.artifacts().manifest(version).entry("part/b.csv").orElseThrow().digest())
        .isEqualTo(Digest.of("id\n2\n3\n".getBytes(StandardCharsets.UTF_8)));
    try (InputStream in = repo.artifacts().open(version, "part/b.csv")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("id\n2\n3\n");
    }
    assertThatThrownBy(() -> repo.artifacts().open(version, "c.csv"))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessage("Cannot open 'c.csv' in features:1: the version has no file at that path; list its files with manifest(version)");
  }

  @Test
  void aFileVersionHasNoFileList() {
    ArtifactVersion version = repo.artifacts().register(NewVersion.of("model", ArtifactKind.MODEL)
        .bytes("w".getBytes(StandardCharsets.UTF_8)).build());
    assertThatThrownBy(() -> repo.artifacts().manifest(version))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot list the files of model:1: it is a single file, not a directory; read it with open() or copyTo()");
  }
}
