package dev.pedigree.invariants;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionQuery;
import dev.pedigree.exceptions.InvalidManifestException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.exceptions.UnsafePathException;
import dev.pedigree.objects.CheckoutOption;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.Manifest;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.FileBlobStore;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input never hangs, never escapes as an untyped error and never writes where it
 * should not: forged manifests (overflowing or false sizes, missing objects), git metadata in a
 * checkout, forged page tokens, and special files handed to ingest.
 */
class HostileInputTest {
  @TempDir
  Path temp;

  private FileBlobStore store;
  private ObjectStore objects;
  private Repository repo;

  @BeforeEach
  void open() throws IOException {
    store = new FileBlobStore(Files.createDirectory(temp.resolve("store")));
    objects = new ObjectStore(store);
    repo = Repository.open(store);
  }

  @AfterEach
  void close() {
    repo.close();
  }

  private Digest storedManifest(List<ManifestEntry> entries) {
    String json = "{\"format\":\"pedigree.manifest/1\",\"entries\":[" + String.join(",", entries.stream()
        .map(e -> "{\"path\":\"" + e.path().replace("\u200c", "\\u200c") + "\",\"digest\":\"" + e.digest()
            + "\",\"size\":" + e.size() + ",\"executable\":false}").toList()) + "]}";
    return objects.put(json.getBytes(UTF_8));
  }

  // ---- manifests --------------------------------------------------------------------------------

  @Test
  void sizesThatOverflowAreRefusedWhenBuiltAndWhenRead() {
    Digest any = objects.put("x".getBytes(UTF_8));
    List<ManifestEntry> forged = List.of(new ManifestEntry("a", any, Long.MAX_VALUE, false),
        new ManifestEntry("b", any, Long.MAX_VALUE, false));
    assertThatThrownBy(() -> new Manifest(forged)).isInstanceOf(InvalidManifestException.class)
        .hasMessageStartingWith("Cannot accept manifest: its sizes add up to more than 9223372036854775807 bytes");
    Digest stored = storedManifest(forged);
    assertThatThrownBy(() -> objects.readManifest(stored)).isInstanceOf(InvalidManifestException.class);
    assertThatThrownBy(() -> repo.artifacts().register(NewVersion.of("data", ArtifactKind.DATASET)
        .stored(stored, ContentLayout.DIRECTORY).build())).isInstanceOf(InvalidManifestException.class);
    assertThat(repo.artifacts().latest("data")).isEmpty();
  }

  @Test
  void aStoredManifestNamingMissingObjectsOrFalseSizesIsNotRegistered() {
    Digest real = objects.put("four".getBytes(UTF_8));
    Digest missing = Digest.of("never stored".getBytes(UTF_8));
    Digest withMissing = storedManifest(List.of(new ManifestEntry("a", real, 4, false),
        new ManifestEntry("b", missing, 12, false)));
    assertThatThrownBy(() -> repo.artifacts().register(NewVersion.of("data", ArtifactKind.DATASET)
        .stored(withMissing, ContentLayout.DIRECTORY).build()))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("1 of its 2 entries do not match the store")
        .hasMessageContaining("'b' names object " + missing.shortHex() + ", which is not stored")
        .hasMessageEndingWith("ingest the directory again instead of reusing this manifest");

    Digest falseSize = storedManifest(List.of(new ManifestEntry("a", real, 4000, false)));
    assertThatThrownBy(() -> repo.artifacts().register(NewVersion.of("data", ArtifactKind.DATASET)
        .stored(falseSize, ContentLayout.DIRECTORY).build()))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("'a' claims 4000 bytes but its object holds 4");
    assertThat(repo.artifacts().latest("data")).isEmpty();

    Digest honest = storedManifest(List.of(new ManifestEntry("a", real, 4, false)));
    ArtifactVersion version = repo.artifacts().register(NewVersion.of("data", ArtifactKind.DATASET)
        .stored(honest, ContentLayout.DIRECTORY).build());
    assertThat(version.size()).isEqualTo(4);
  }

  @Test
  void checkoutRefusesAFalseEntrySizeAndARecordedSizeThatDisagrees() {
    Digest real = objects.put("four".getBytes(UTF_8));
    Digest lying = storedManifest(List.of(new ManifestEntry("a", real, 5, false)));
    assertThatThrownBy(() -> objects.checkout(lying, temp.resolve("out1")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("the manifest gives it 5 bytes but its content holds 4");
    Digest honest = storedManifest(List.of(new ManifestEntry("a", real, 4, false)));
    assertThatThrownBy(() -> objects.checkout(honest, 3, temp.resolve("out2")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("its files add up to 4 bytes but the version records 3");
    assertThat(temp.resolve("out2/a")).doesNotExist();
  }

  // ---- git metadata in a checkout ---------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {".git/config", ".GIT/hooks/pre-commit", "sub/.git/hooks/post-checkout", ".git./config",
      ".git. . /config", ".Git /config", "git~1/config", "GIT~1/hooks/x", ".git\u200c/config", ".g\u200dit/config",
      "\ufeff.git/config", ".git::$INDEX_ALLOCATION/config"})
  void checkoutRefusesWhatGitRefusesBeforeWritingAnything(String path) throws IOException {
    Digest hook = objects.put("#!/bin/sh\necho owned\n".getBytes(UTF_8));
    Digest harmless = objects.put("fine".getBytes(UTF_8));
    Digest manifest = storedManifest(Manifest.of(List.of(new ManifestEntry("aaa-first", harmless, 4, false),
        new ManifestEntry(path, hook, 21, false))).entries());
    Path target = temp.resolve("checkout");

    assertThatThrownBy(() -> objects.checkout(manifest, target))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("names a git repository's .git folder")
        .hasMessageContaining("nothing was written")
        .hasMessageContaining("CheckoutOption.ALLOW_GIT_METADATA");
    assertThat(target.resolve("aaa-first")).doesNotExist();

    objects.checkout(manifest, target, CheckoutOption.ALLOW_GIT_METADATA);
    assertThat(Files.readString(target.resolve(path))).contains("owned");
  }

  @ParameterizedTest
  @ValueSource(strings = {".gitignore", ".github/workflows/ci.yml", ".gitattributes", "git~10/x", "a.git/x", "x/.gits"})
  void namesThatOnlyLookLikeGitAreCheckedOut(String path) {
    Digest content = objects.put("ok".getBytes(UTF_8));
    Digest manifest = storedManifest(List.of(new ManifestEntry(path, content, 2, false)));
    assertThatCode(() -> objects.checkout(manifest, temp.resolve("out"))).doesNotThrowAnyException();
    assertThat(temp.resolve("out").resolve(path)).hasContent("ok");
  }

  @Test
  void aRegistryCheckoutRefusesGitMetadataUnlessAskedTo() throws IOException {
    Path dataset = Files.createDirectories(temp.resolve("dataset/.git/hooks"));
    Files.writeString(dataset.resolve("pre-commit"), "#!/bin/sh\n");
    ArtifactVersion version = repo.artifacts().register(NewVersion.of("repo-snapshot", ArtifactKind.DATASET)
        .directory(temp.resolve("dataset")).build());
    assertThatThrownBy(() -> repo.artifacts().checkout(version, temp.resolve("a")))
        .isInstanceOf(UnsafePathException.class);
    repo.artifacts().checkout(version, temp.resolve("b"), CheckoutOption.ALLOW_GIT_METADATA);
    assertThat(temp.resolve("b/.git/hooks/pre-commit")).exists();
  }

  // ---- page tokens ------------------------------------------------------------------------------

  @Test
  void aForgedPageTokenIsRefusedAtOnceInsteadOfWalkingBillionsOfVersions() {
    repo.artifacts().register(NewVersion.of("model", ArtifactKind.MODEL).bytes(new byte[] {1}).build());
    for (String token : List.of("9999999999", "2", "0", "-1", "abc", "1".repeat(40))) {
      assertThatThrownBy(() -> repo.artifacts().versions("model", VersionQuery.all(), token))
          .as("token %s", token).isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("Cannot list versions of 'model': page token '");
    }
    assertThat(repo.artifacts().versions("model", VersionQuery.all(), "1").items()).hasSize(1);
  }

  // ---- special files ----------------------------------------------------------------------------

  private Path fifo(String name) throws IOException, InterruptedException {
    Path fifo = temp.resolve(name);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    return fifo;
  }

  @Test
  void aNamedPipeIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = fifo("pipe");
    // Opening a fifo with no writer blocks forever; a refusal proves the type was checked first.
    assertThatThrownBy(() -> repo.artifacts().register(NewVersion.of("x", ArtifactKind.DATASET).file(fifo).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot ingest " + fifo + ": it is not a regular file (a named pipe, socket or device); "
            + "pass a regular file");
  }

  @Test
  void aSocketADeviceAndADirectoryAreRefusedAsFiles() throws IOException {
    Path socket = temp.resolve("socket");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      assertThatThrownBy(() -> objects.ingest(socket)).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("it is not a regular file");
    }
    assertThatThrownBy(() -> objects.ingest(Path.of("/dev/zero"))).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("it is not a regular file");
    assertThatThrownBy(() -> objects.ingest(temp)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("it is a directory; pass a regular file, or register it with directory()");
  }

  @Test
  void aDirectoryHoldingANamedPipeIsRefusedWithoutReadingIt() throws Exception {
    Path folder = Files.createDirectory(temp.resolve("folder"));
    Files.writeString(folder.resolve("ok.txt"), "ok");
    Files.move(fifo("pipe"), folder.resolve("pipe"));
    assertThatThrownBy(() -> repo.artifacts().register(NewVersion.of("x", ArtifactKind.DATASET).directory(folder)
        .build()))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("it is not a regular file (a device, socket or pipe); remove it from the directory");
    try (Stream<Path> files = Files.list(temp.resolve("store"))) {
      assertThat(repo.artifacts().latest("x")).isEmpty();
      assertThat(files).isNotNull();
    }
  }

  @Test
  void everyFailureAboveIsAPedigreeException() {
    assertThat(PedigreeException.class).isAssignableFrom(InvalidManifestException.class)
        .isAssignableFrom(UnsafePathException.class).isAssignableFrom(InvalidRequestException.class);
  }
}
