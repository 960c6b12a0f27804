package dev.pedigree.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.exceptions.ContentLayoutException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An artifact's layout (one file, or a directory) is fixed by its first version, like its kind. */
class ContentLayoutTest {
  @TempDir
  Path dir;

  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("test").build();

  private Path modelDirectory() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(model.resolve("weights.bin"), "w");
    return model;
  }

  @Test
  void aDirectoryVersionOfAFileArtifactIsRefusedNamingTheLayout() throws Exception {
    repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes("w1".getBytes(StandardCharsets.UTF_8)).build());
    Path model = modelDirectory();

    assertThatThrownBy(() -> repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .directory(model).build()))
        .isInstanceOf(ContentLayoutException.class).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot register a directory as a version of 'churn-model': its versions are single files"
            + " (layout FILE, fixed by its first version); register one file (pack the directory into an archive"
            + " first), or use another artifact name")
        .satisfies(e -> {
          ContentLayoutException c = (ContentLayoutException) e;
          assertThat(c.artifact()).isEqualTo("churn-model");
          assertThat(c.expected()).isEqualTo("FILE");
          assertThat(c.given()).isEqualTo("DIRECTORY");
        });
    assertThat(repo.artifacts().latest("churn-model").orElseThrow().number()).as("nothing registered").isEqualTo(1);
  }

  @Test
  void aFileVersionOfADirectoryArtifactIsRefused() throws Exception {
    repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL).directory(modelDirectory()).build());
    Path file = Files.writeString(dir.resolve("model.bin"), "w2");

    assertThatThrownBy(() -> repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .file(file).build()))
        .isInstanceOf(ContentLayoutException.class)
        .hasMessage("Cannot register a single file as a version of 'churn-model': its versions are directories"
            + " (layout DIRECTORY, fixed by its first version); register a directory holding the file, or use"
            + " another artifact name");
  }

  @Test
  void versionsOfTheSameLayoutStillRegister() throws Exception {
    repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL).bytes(new byte[] {1}).build());
    Path file = Files.writeString(dir.resolve("model.bin"), "w2");
    ArtifactVersion second = repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL).file(file).build());
    assertThat(second.number()).isEqualTo(2);
    assertThat(second.layout()).isEqualTo(ContentLayout.FILE);
  }
}
