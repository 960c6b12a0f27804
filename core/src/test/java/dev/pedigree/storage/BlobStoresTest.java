package dev.pedigree.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.BackendConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoresTest {
  @TempDir
  Path folder;

  @Test
  void bareMemOpensAFreshStoreEachTime() {
    BlobStore first = BlobStores.open("mem:");
    BlobStore second = BlobStores.open("mem:");
    first.write(BlobKey.of("k"), text("only in the first"));

    assertThat(first).isInstanceOf(MemoryBlobStore.class);
    assertThat(second.exists(BlobKey.of("k"))).isFalse();
    assertThat(first.location().toString()).startsWith("mem:anonymous-");
    assertThat(first.location()).isNotEqualTo(second.location());
    assertThat(BlobStores.open(first.location()).exists(BlobKey.of("k"))).isFalse();
  }

  @Test
  void namedMemStoresAreSharedWithinTheJvm() {
    String name = "mem:shared-" + UUID.randomUUID();
    BlobStore first = BlobStores.open(name);
    first.write(BlobKey.of("k"), text("shared"));

    BlobStore second = BlobStores.open(name);

    assertThat(second).isSameAs(first);
    assertThat(read(second, "k")).isEqualTo("shared");
    assertThat(second.location()).isEqualTo(URI.create(name));
    assertThat(BlobStores.open("mem:other-" + UUID.randomUUID()).exists(BlobKey.of("k"))).isFalse();
  }

  @Test
  void fileUrisAndPlainPathsOpenTheSameFolder() {
    Path root = folder.resolve("repo");
    BlobStore byUri = BlobStores.open("file:" + root);
    byUri.write(BlobKey.of("a/b"), text("in the folder"));

    assertThat(byUri).isInstanceOf(FileBlobStore.class);
    assertThat(((FileBlobStore) byUri).root()).isEqualTo(root);
    assertThat(read(BlobStores.open(root.toString()), "a/b")).isEqualTo("in the folder");
    assertThat(read(BlobStores.open(root.toUri().toString()), "a/b")).isEqualTo("in the folder");
    assertThat(read(BlobStores.open("file://localhost" + root), "a/b")).isEqualTo("in the folder");
    assertThat(read(BlobStores.open(byUri.location()), "a/b")).isEqualTo("in the folder");
    assertThat(Files.isRegularFile(root.resolve("a/b"))).isTrue();
  }

  @Test
  void aFolderNameWithSpacesRoundTripsThroughItsUri() {
    Path root = folder.resolve("my repo %20");
    BlobStore store = BlobStores.open(root.toString());
    store.write(BlobKey.of("k"), text("x"));

    assertThat(store.location().toString()).contains("my%20repo%20%2520");
    assertThat(((FileBlobStore) BlobStores.open(store.location())).root()).isEqualTo(root);
    assertThat(read(BlobStores.open(store.location().toString()), "k")).isEqualTo("x");
  }

  @Test
  void aRelativeFileUriIsRelativeToTheWorkingDirectory() {
    assertThat(FileBlobStoreProvider.pathOf(URI.create("file:relative/repo"))).isEqualTo(Path.of("relative/repo"));
  }

  @Test
  void aFileUriNamingAHostOrAQueryIsRefused() {
    assertThatThrownBy(() -> BlobStores.open("file://fileserver/share/repo"))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("names host 'fileserver'")
        .hasMessageContaining("mount the share");
    assertThatThrownBy(() -> BlobStores.open("file:/tmp/repo?mode=x"))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("takes no '?' query");
  }

  @Test
  void anUnknownSchemeNamesTheAvailableOnes() {
    assertThatThrownBy(() -> BlobStores.open("nosuch://bucket/prefix"))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageStartingWith("Cannot open store 'nosuch://bucket/prefix': no backend handles scheme 'nosuch'")
        .hasMessageContaining("(available: file, mem)");
    assertThat(BlobStores.schemes()).contains("file", "mem");
  }

  @Test
  void aMissingLocationIsRefused() {
    assertThatThrownBy(() -> BlobStores.open("  ")).isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("no location was given");
    assertThatThrownBy(() -> BlobStores.open("file:")).isInstanceOf(BackendConfigurationException.class);
  }

  @Test
  void twoProvidersForOneSchemeIsAnErrorNamingBoth() throws IOException {
    Path services = folder.resolve("extra/META-INF/services/" + BlobStoreProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, ClashingMemoryProvider.class.getName() + "\n");
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader extra = new URLClassLoader(new java.net.URL[] {folder.resolve("extra").toUri().toURL()},
        BlobStoresTest.class.getClassLoader())) {
      thread.setContextClassLoader(extra);

      assertThatThrownBy(() -> BlobStores.open("mem:clash"))
          .isInstanceOf(BackendConfigurationException.class)
          .hasMessageStartingWith("Cannot open store 'mem:clash'")
          .hasMessageContaining("2 backends claim scheme 'mem'")
          .hasMessageContaining(MemoryBlobStoreProvider.class.getName())
          .hasMessageContaining(ClashingMemoryProvider.class.getName())
          .hasMessageContaining("keep only one of them on the class path");
      assertThat(BlobStores.open(folder.resolve("unaffected").toString())).isInstanceOf(FileBlobStore.class);
    } finally {
      thread.setContextClassLoader(original);
    }
    assertThat(BlobStores.open("mem:clash")).isInstanceOf(MemoryBlobStore.class);
  }

  private static BlobSource text(String s) {
    return BlobSource.ofBytes(s.getBytes(UTF_8));
  }

  private static String read(BlobStore store, String key) {
    try (InputStream in = store.read(BlobKey.of(key))) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
