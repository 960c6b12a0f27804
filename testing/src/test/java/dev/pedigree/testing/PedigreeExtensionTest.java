package dev.pedigree.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PedigreeExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PedigreeExtensionTest {
  private static final List<Path> TEMP_DIRECTORIES = new ArrayList<>();

  @AfterAll
  static void temporaryRepositoriesWereDeletedAfterTheirTests() {
    assertThat(TEMP_DIRECTORIES).hasSize(1);
    assertThat(TEMP_DIRECTORIES.get(0)).doesNotExist();
  }

  @Test
  @Order(1)
  void injectsAFreshInMemoryRepositoryPerParameter(Repository first, Repository second) {
    first.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL).bytes(new byte[] {1}).build());
    assertThat(first.artifacts().latest("m")).isPresent();
    assertThat(second.artifacts().latest("m")).isEmpty();
    assertThat(first.actor()).isEqualTo("test");
    assertThat(first.location().toString()).startsWith("mem:");
  }

  @Test
  @Order(2)
  void eachTestStartsEmpty(Repository repo) {
    assertThat(repo.artifacts().latest("m")).isEmpty();
  }

  @Test
  @Order(3)
  void tempRepositoryLivesInADirectoryThatIsDeletedAfterTheTest(@TempRepository Repository repo) throws Exception {
    Path root = Path.of(repo.location());
    TEMP_DIRECTORIES.add(root);
    repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL).bytes(new byte[] {1, 2, 3}).build());
    try (var files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).count()).isPositive();
    }
    try (Repository reopened = Repository.open(repo.location())) {
      assertThat(reopened.artifacts().latest("m")).hasValueSatisfying(v -> assertThat(v.size()).isEqualTo(3));
    }
  }
}
