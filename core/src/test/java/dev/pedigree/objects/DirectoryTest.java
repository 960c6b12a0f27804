package dev.pedigree.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidManifestException;
import dev.pedigree.exceptions.UnsafePathException;
import dev.pedigree.internal.SafePaths;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTest {
  @TempDir
  Path temp;

  MemoryBlobStore backend;
  ObjectStore objects;
  Path source;

  @BeforeEach
  void setUp() throws IOException {
    backend = new MemoryBlobStore();
    objects = new ObjectStore(backend);
    source = Files.createDirectory(temp.resolve("source"));
  }

  /** Builds a small dataset: nested folders, an empty file, an executable, names that sort subtly. */
  static Map<String, byte[]> writeTree(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("README.md", "# data\n".getBytes(StandardCharsets.UTF_8));
    files.put("a-b.txt", "dash".getBytes(StandardCharsets.UTF_8));
    files.put("a/b/c.csv", "x,y\n1,2\n".getBytes(StandardCharsets.UTF_8));
    files.put("a/b/deeper/leaf.bin", ObjectStoreTests.randomBytes(7, 70_000));
    files.put("a/empty.txt", new byte[0]);
    files.put("bin/run.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
    files.put("same-as-readme.md", "# data\n".getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
    }
    Files.setPosixFilePermissions(root.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(root.resolve("an/empty/folder"));
    return files;
  }

  @Test
  void ingestsATreeIntoASortedManifest() throws IOException {
    Map<String, byte[]> files = writeTree(source);

    DirectorySnapshot snapshot = objects.ingestDirectory(source);

    Manifest manifest = snapshot.manifest();
    assertThat(manifest.entries()).extracting(ManifestEntry::path)
        .containsExactly("README.md", "a-b.txt", "a/b/c.csv", "a/b/deeper/leaf.bin", "a/empty.txt", "bin/run.sh",
            "same-as-readme.md");
    for (ManifestEntry entry : manifest.entries()) {
      byte[] content = files.get(entry.path());
      assertThat(entry.digest()).as(entry.path()).isEqualTo(Digest.of(content));
      assertThat(entry.size()).as(entry.path()).isEqualTo(content.length);
      assertThat(entry.executable()).as(entry.path()).isEqualTo(entry.path().equals("bin/run.sh"));
      assertThat(objects.readAllBytes(entry.digest())).isEqualTo(content);
    }
    assertThat(snapshot.digest()).isEqualTo(Digest.of(manifest.toJson()));
    assertThat(objects.readManifest(snapshot.digest())).isEqualTo(manifest);
    // Six distinct contents plus the manifest; the duplicate README is stored once.
    assertThat(objects.list()).hasSize(7);
  }

  @Test
  void digestIsStableAcrossRunsStoresAndCopies() throws IOException {
    writeTree(source);
    Digest first = objects.ingestDirectory(source).digest();

    assertThat(objects.ingestDirectory(source).digest()).as("again, same store").isEqualTo(first);
    assertThat(new ObjectStore(new MemoryBlobStore(), 1).ingestDirectory(source).digest())
        .as("fresh store, one thread").isEqualTo(first);
    Path copy = Files.createDirectory(temp.resolve("copy"));
    writeTree(copy);
    assertThat(new ObjectStore(new MemoryBlobStore(), 3).ingestDirectory(copy).digest())
        .as("a copy written later, elsewhere").isEqualTo(first);

    Files.writeString(copy.resolve("a/empty.txt"), "no longer empty");
    assertThat(objects.ingestDirectory(copy).digest()).as("after a change").isNotEqualTo(first);
  }

  @Test
  void checkoutReproducesBytesAndExecutableBit() throws IOException {
    Map<String, byte[]> files = writeTree(source);
    Digest digest = objects.ingestDirectory(source).digest();
    Path target = temp.resolve("checkout");

    objects.checkout(digest, target);

    Map<String, byte[]> found = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(target)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        found.put(target.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
    }
    assertThat(found.keySet()).containsExactlyElementsOf(files.keySet());
    files.forEach((path, content) -> assertThat(found.get(path)).as(path).isEqualTo(content));
    assertThat(Files.getPosixFilePermissions(target.resolve("bin/run.sh"))).contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.getPosixFilePermissions(target.resolve("a/b/c.csv"))).doesNotContain(PosixFilePermission.OWNER_EXECUTE);
    assertThat(objects.ingestDirectory(target).digest()).as("the checkout ingests to the same digest").isEqualTo(digest);
  }

  @Test
  void aSymlinkInTheSourceIsRefused() throws IOException {
    writeTree(source);
    Path outside = Files.writeString(temp.resolve("secret.txt"), "not part of the dataset");
    Files.createSymbolicLink(source.resolve("a/b/link.txt"), outside);

    assertThatThrownBy(() -> objects.ingestDirectory(source))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("it is a symbolic link")
        .satisfies(e -> assertThat(((UnsafePathException) e).path()).isEqualTo("a/b/link.txt"));
    assertThat(backend.listAll("")).as("nothing stored").isEmpty();
  }

  @Test
  void aSymlinkedFolderInTheSourceIsRefused() throws IOException {
    Files.writeString(source.resolve("file.txt"), "x");
    Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("secret.txt"), "y");
    Files.createSymbolicLink(source.resolve("folder"), elsewhere);

    assertThatThrownBy(() -> objects.ingestDirectory(source))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void aSourceThatIsASymlinkIsRefused() throws IOException {
    Files.writeString(source.resolve("file.txt"), "x");
    Path link = Files.createSymbolicLink(temp.resolve("link-to-source"), source);

    assertThatThrownBy(() -> objects.ingestDirectory(link))
        .isInstanceOf(dev.pedigree.exceptions.StorageException.class)
        .hasMessageContaining("it is not a directory (or is a symbolic link)");
  }

  @Test
  void checkoutRefusesAManifestWithDotDotOrAbsolutePaths() throws IOException {
    Digest content = objects.put("payload".getBytes(StandardCharsets.UTF_8));
    Path target = temp.resolve("area/target");
    for (String path : List.of("../escaped.txt", "ok/../../escaped.txt", "/tmp/escaped.txt")) {
      Digest manifest = objects.put(ManifestTest.json(ManifestTest.entry(path, content, 7, false)));

      assertThatThrownBy(() -> objects.readManifest(manifest))
          .as("parse-level guard for %s", path)
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("Cannot accept manifest entry '" + path + "'");
      assertThatThrownBy(() -> objects.checkout(manifest, target))
          .as("checkout of %s", path)
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining(path);
    }
    assertThat(temp.resolve("area")).doesNotExist();
    assertThat(Path.of("/tmp/escaped.txt")).doesNotExist();
    try (Stream<Path> all = Files.walk(temp)) {
      assertThat(all.filter(p -> p.getFileName().toString().startsWith("escaped"))).isEmpty();
    }
  }

  @Test
  void checkoutLevelGuardRefusesPathsThatLeaveTheTarget() throws IOException {
    Path target = Files.createDirectories(temp.resolve("target"));

    assertThatThrownBy(() -> SafePaths.resolveInside(target, "../escaped.txt"))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("'..' segment that would leave the directory");
    assertThatThrownBy(() -> SafePaths.resolveInside(target, "/etc/passwd"))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("the path is absolute");
    assertThat(SafePaths.resolveInside(target, "a/b.txt")).isEqualTo(target.toRealPath().resolve("a/b.txt"));
  }

  @Test
  void checkoutRefusesASymlinkedFolderInTheTarget() throws IOException {
    Digest a = objects.put("a".getBytes(StandardCharsets.UTF_8));
    Digest evil = objects.put("evil".getBytes(StandardCharsets.UTF_8));
    Digest manifest = objects.put(ManifestTest.json(ManifestTest.entry("a.txt", a, 1, false) + ","
        + ManifestTest.entry("sub/evil.txt", evil, 4, true)));
    Path outside = Files.createDirectory(temp.resolve("outside"));
    Path target = Files.createDirectory(temp.resolve("target"));
    Files.createSymbolicLink(target.resolve("sub"), outside);

    assertThatThrownBy(() -> objects.checkout(manifest, target))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("'sub' is a symbolic link, which could lead outside the target")
        .satisfies(e -> assertThat(((UnsafePathException) e).path()).isEqualTo("sub/evil.txt"));

    try (Stream<Path> escaped = Files.list(outside)) {
      assertThat(escaped).as("nothing written through the link").isEmpty();
    }
    assertThat(target.resolve("a.txt")).as("refused before anything was written").doesNotExist();
  }

  @Test
  void checkoutRefusesASymlinkAtAFilePosition() throws IOException {
    Digest evil = objects.put("evil".getBytes(StandardCharsets.UTF_8));
    Digest manifest = objects.put(ManifestTest.json(ManifestTest.entry("victim.txt", evil, 4, false)));
    Path outsideFile = Files.writeString(temp.resolve("precious.txt"), "precious");
    Path target = Files.createDirectory(temp.resolve("target"));
    Files.createSymbolicLink(target.resolve("victim.txt"), outsideFile);

    assertThatThrownBy(() -> objects.checkout(manifest, target))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("'victim.txt' is a symbolic link");

    assertThat(outsideFile).hasContent("precious");
    assertThat(Files.isSymbolicLink(target.resolve("victim.txt"))).isTrue();
  }

  @Test
  void checkoutOfACorruptManifestIsTyped() {
    byte[] whole = ManifestTest.json(ManifestTest.entry("a.txt", ManifestTest.A, 1, false));
    Digest truncated = objects.put(java.util.Arrays.copyOf(whole, whole.length - 3));
    Path target = temp.resolve("never");

    assertThatThrownBy(() -> objects.checkout(truncated, target))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("it may be truncated or corrupt");
    assertThat(target).doesNotExist();
  }

  @Test
  void checkoutVerifiesEveryFile() throws IOException {
    writeTree(source);
    DirectorySnapshot snapshot = objects.ingestDirectory(source);
    ManifestEntry csv = snapshot.manifest().entry("a/b/c.csv").orElseThrow();
    // Small files are packed: change the file's bytes inside its pack, as a failing disk would.
    dev.pedigree.storage.BlobKey pack = backend.listAll("packs/").map(i -> i.key())
        .filter(k -> k.value().endsWith(".pack")).findFirst().orElseThrow();
    byte[] bytes;
    try (java.io.InputStream in = backend.read(pack)) {
      bytes = in.readAllBytes();
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("x,y\n1,2\n");
    assertThat(at).as("the file's bytes are in the pack").isPositive();
    bytes[at + 6] = '3';
    backend.write(pack, dev.pedigree.storage.BlobSource.ofBytes(bytes));
    Path target = temp.resolve("checkout");

    assertThatThrownBy(() -> objects.checkout(snapshot.digest(), target))
        .isInstanceOf(dev.pedigree.exceptions.IntegrityException.class)
        .hasMessageContaining(csv.digest().toString());
    assertThat(target.resolve("a/b/c.csv")).doesNotExist();
    try (Stream<Path> left = Files.walk(target)) {
      assertThat(left.map(p -> target.relativize(p).toString()))
          .as("neither the damaged file nor a partial copy of it")
          .noneMatch(name -> name.startsWith("a/b/") && name.contains("c.csv"));
    }
  }

  @Test
  void anEmptyDirectoryIsAnEmptyManifest() throws IOException {
    DirectorySnapshot snapshot = objects.ingestDirectory(source);

    assertThat(snapshot.manifest().entries()).isEmpty();
    Path target = temp.resolve("checkout");
    objects.checkout(snapshot.digest(), target);
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files).isEmpty();
    }
    assertThat(Set.copyOf(objects.list().toList())).containsExactly(snapshot.digest());
  }
}
