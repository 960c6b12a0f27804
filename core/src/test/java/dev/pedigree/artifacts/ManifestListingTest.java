package dev.pedigree.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestListingTest {
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("tester").build();

  @Test
  void listsADirectoryVersionsFilesWithoutCheckingThemOut(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("parts"));
    Files.writeString(dir.resolve("b.csv"), "id\n1\n");
    Files.writeString(dir.resolve("parts/a.csv"), "id\n2\n3\n");
    ArtifactVersion version = repo.artifacts().register(NewVersion.of("customers", ArtifactKind.DATASET).directory(dir).build());

    assertThat(repo.artifacts().manifest(version).entries()).extracting(ManifestEntry::path, ManifestEntry::size)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("b.csv", 5L), org.assertj.core.groups.Tuple.tuple("parts/a.csv", 7L));
    assertThat(repo.artifacts().manifest(version).totalSize()).isEqualTo(version.size());
  }

  @Test
  void aSingleFileVersionHasNoManifest() {
    ArtifactVersion file = repo.artifacts().register(NewVersion.of("model", ArtifactKind.MODEL)
        .bytes("w".getBytes(StandardCharsets.UTF_8)).build());
    assertThatThrownBy(() -> repo.artifacts().manifest(file)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot list the files of model:1: it is a single file, not a directory; read it with open() or copyTo()");
  }

  @Test
  void opensOneFileOfADirectoryVersionVerified(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("parts"));
    Files.writeString(dir.resolve("parts/a.csv"), "id\n2\n3\n");
    ArtifactVersion version = repo.artifacts().register(NewVersion.of("customers", ArtifactKind.DATASET).directory(dir).build());

    try (java.io.InputStream in = repo.artifacts().open(version, "parts/a.csv")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("id\n2\n3\n");
    }
    assertThatThrownBy(() -> repo.artifacts().open(version, "c.csv"))
        .isInstanceOf(dev.pedigree.exceptions.ArtifactNotFoundException.class)
        .hasMessage("Cannot open 'c.csv' in customers:1: the version has no file at that path; list its files with manifest(version)");
  }
}
