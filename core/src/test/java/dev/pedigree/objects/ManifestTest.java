package dev.pedigree.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidManifestException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestTest {
  static final Digest A = Digest.of("a".getBytes(StandardCharsets.UTF_8));
  static final Digest B = Digest.of("b".getBytes(StandardCharsets.UTF_8));

  /** A manifest written by hand, as an attacker or a damaged disk would present it. */
  static byte[] json(String entries) {
    return ("{\"format\":\"pedigree.manifest/1\",\"entries\":[" + entries + "]}").getBytes(StandardCharsets.UTF_8);
  }

  static String entry(String path, Digest digest, long size, boolean executable) {
    return "{\"path\":\"" + path + "\",\"digest\":\"" + digest + "\",\"size\":" + size + ",\"executable\":" + executable + "}";
  }

  @Test
  void jsonIsCanonicalAndRoundTrips() {
    Manifest manifest = Manifest.of(List.of(new ManifestEntry("b/c.txt", B, 1, true), new ManifestEntry("a.txt", A, 1, false)));

    assertThat(manifest.entries()).extracting(ManifestEntry::path).containsExactly("a.txt", "b/c.txt");
    // Pinned bytes: a directory's digest must not change between runs or releases.
    assertThat(new String(manifest.toJson(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"format\":\"pedigree.manifest/1\",\"entries\":["
            + "{\"path\":\"a.txt\",\"digest\":\"" + A + "\",\"size\":1,\"executable\":false},"
            + "{\"path\":\"b/c.txt\",\"digest\":\"" + B + "\",\"size\":1,\"executable\":true}]}");
    assertThat(Manifest.parse(manifest.toJson())).isEqualTo(manifest);
    assertThat(manifest.totalSize()).isEqualTo(2);
    assertThat(manifest.entry("b/c.txt")).map(ManifestEntry::digest).contains(B);
    assertThat(manifest.entry("b")).isEmpty();
  }

  @Test
  void emptyManifestIsValid() {
    assertThat(Manifest.parse(json("")).entries()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape.txt", "a/../../escape.txt", "a/..", ".."})
  void rejectsDotDotPaths(String path) {
    assertThatThrownBy(() -> Manifest.parse(json(entry(path, A, 1, false))))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("Cannot accept manifest entry '" + path + "'")
        .hasMessageContaining("'..' segment that would leave the directory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "C:/Windows/evil.dll"})
  void rejectsAbsolutePaths(String path) {
    assertThatThrownBy(() -> Manifest.parse(json(entry(path, A, 1, false))))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("the path is absolute");
  }

  @Test
  void rejectsOtherUnsafePaths() {
    assertThatThrownBy(() -> Manifest.parse(json(entry("a\\\\..\\\\b", A, 1, false))))
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("backslash");
    assertThatThrownBy(() -> Manifest.parse(json(entry("a\\u0000b", A, 1, false))))
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("control character at position 1");
    assertThatThrownBy(() -> Manifest.parse(json(entry("a//b", A, 1, false))))
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("empty segment");
    assertThatThrownBy(() -> Manifest.parse(json(entry("./a", A, 1, false))))
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("'.' segment");
    assertThatThrownBy(() -> Manifest.parse(json(entry("", A, 1, false))))
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("the path is empty");
    assertThatThrownBy(() -> Manifest.parse(json(entry("x".repeat(4097), A, 1, false))))
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("longer than 4096 characters");
  }

  @Test
  void rejectsTruncatedJson() {
    byte[] whole = Manifest.of(List.of(new ManifestEntry("a.txt", A, 1, false))).toJson();
    for (int length : new int[] {0, 1, whole.length / 2, whole.length - 1}) {
      assertThatThrownBy(() -> Manifest.parse(Arrays.copyOf(whole, length)))
          .as("manifest cut to %d of %d bytes", length, whole.length)
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageStartingWith("Cannot read manifest: ")
          .hasMessageContaining("it may be truncated or corrupt");
    }
  }

  @Test
  void rejectsCorruptJson() {
    assertThatThrownBy(() -> Manifest.parse("{\"format\":\"pedigree.manifest/1\",\"entries\":[}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("it is not valid JSON");
    assertThatThrownBy(() -> Manifest.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x01}))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageStartingWith("Cannot read manifest");
    assertThatThrownBy(() -> Manifest.parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("expected a JSON object with 'format' and 'entries'");
    assertThatThrownBy(() -> Manifest.parse((new String(json(""), StandardCharsets.UTF_8) + "{}").getBytes(StandardCharsets.UTF_8)))
        .as("trailing content after the manifest")
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("it is not valid JSON");
  }

  @Test
  void rejectsWrongFormatAndShape() {
    assertThatThrownBy(() -> Manifest.parse("{\"format\":\"other/2\",\"entries\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("its format is 'other/2' but must be 'pedigree.manifest/1'");
    assertThatThrownBy(() -> Manifest.parse("{\"entries\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("its format is missing");
    assertThatThrownBy(() -> Manifest.parse("{\"format\":\"pedigree.manifest/1\",\"entries\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("'entries' is missing or not an array");
    assertThatThrownBy(() -> Manifest.parse(json("{\"path\":\"a\",\"digest\":\"" + A + "\",\"size\":1}")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("entry 0 needs a text 'path', a text 'digest', an integer 'size' and a boolean 'executable'");
    assertThatThrownBy(() -> Manifest.parse(json(entry("a", A, 1, false) + "," + "{\"path\":\"b\",\"digest\":\"" + B
        + "\",\"size\":\"1\",\"executable\":false}")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("entry 1 needs");
  }

  @Test
  void rejectsBadEntryValues() {
    assertThatThrownBy(() -> Manifest.parse(json(entry("a", A, -1, false))))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("its size -1 is negative");
    assertThatThrownBy(() -> Manifest.parse(json("{\"path\":\"a\",\"digest\":\"sha256:abc\",\"size\":1,\"executable\":false}")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageStartingWith("Cannot read manifest: entry 0 ('a'): Cannot parse 'sha256:abc' as a digest")
        .hasMessageContaining("but has 3 characters");
  }

  @Test
  void rejectsUnsortedDuplicateAndNestedEntries() {
    assertThatThrownBy(() -> Manifest.parse(json(entry("b", B, 1, false) + "," + entry("a", A, 1, false))))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("path 'a' comes after 'b' but sorts before it");
    assertThatThrownBy(() -> Manifest.parse(json(entry("a", A, 1, false) + "," + entry("a", B, 1, false))))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("path 'a' appears twice");
    assertThatThrownBy(() -> Manifest.parse(json(entry("a", A, 1, false) + "," + entry("a-b", A, 1, false) + ","
        + entry("a/b", B, 1, false))))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("'a' is a file but 'a/b' puts a file inside it");
    assertThatThrownBy(() -> Manifest.of(List.of(new ManifestEntry("x", A, 1, false), new ManifestEntry("x", B, 2, false))))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("appears twice");
  }
}
