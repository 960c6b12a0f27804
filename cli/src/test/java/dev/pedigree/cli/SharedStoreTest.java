package dev.pedigree.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests whose commands leave the store unchanged share one {@link StoreFixture} per class, built once. */
abstract class SharedStoreTest {
  @TempDir
  static Path temp;

  static StoreFixture store;
  static CliRunner cli;

  @BeforeAll
  static void store() throws Exception {
    store = StoreFixture.create(temp.resolve("store"), Files.createDirectories(temp.resolve("scratch")));
    cli = new CliRunner().env(PedigreeCli.REPO_VARIABLE, store.uri);
  }
}
