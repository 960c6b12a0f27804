package dev.pedigree.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidNameException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlobKeyTest {
  static Stream<Arguments> invalidKeys() {
    return Stream.of(
        Arguments.of("", "it is empty"),
        Arguments.of("..", "it has a '..' segment"),
        Arguments.of("objects/../etc", "it has a '..' segment"),
        Arguments.of(".", "it has a '.' segment"),
        Arguments.of("objects/./x", "it has a '.' segment"),
        Arguments.of("/etc/passwd", "it is absolute (starts with '/')"),
        Arguments.of("a\u0001b", "it contains a control character at position 1"),
        Arguments.of("ab\tc", "it contains a control character at position 2"),
        Arguments.of("a\u007f", "it contains a control character at position 1"),
        Arguments.of("a b", "it contains a space at position 1"),
        Arguments.of("caf\u00e9", "it contains a non-ASCII character at position 3"),
        Arguments.of("a\\b", "it contains a backslash at position 1"),
        Arguments.of("x".repeat(513), "it is 513 characters long, more than the limit of 512"),
        Arguments.of("objects/", "it has an empty segment ('//' or a trailing '/')"),
        Arguments.of("objects//x", "it has an empty segment ('//' or a trailing '/')"));
  }

  @ParameterizedTest
  @MethodSource("invalidKeys")
  void anInvalidKeyIsRefusedWithAMessageSayingWhatIsWrong(String value, String problem) {
    assertThatThrownBy(() -> BlobKey.of(value))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot use '")
        .hasMessageContaining("as a storage key: " + problem + ";")
        .hasMessageContaining("use '/'-separated segments of printable ASCII")
        .satisfies(e -> assertThat(((InvalidNameException) e).value()).isEqualTo(value));
  }

  @Test
  void aNullKeyIsRefused() {
    assertThatThrownBy(() -> BlobKey.of(null)).isInstanceOf(InvalidNameException.class).hasMessageContaining("it is null");
  }

  @Test
  void controlCharactersAreEscapedInTheMessage() {
    assertThatThrownBy(() -> BlobKey.of("bad\nkey"))
        .hasMessageStartingWith("Cannot use 'bad\\u000akey' as a storage key")
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "objects/sha256/ab/cdef", ".hidden/x", "a..b/...", "a./.b", "x~!#$%&'()*+,-.:;<=>?@[]^_`{|}"})
  void aValidKeyIsAccepted(String value) {
    assertThat(BlobKey.of(value).value()).isEqualTo(value);
  }

  @Test
  void aKeyOfExactlyTheLimitIsAccepted() {
    String longest = "x".repeat(BlobKey.MAX_LENGTH);
    assertThat(BlobKey.of(longest).value()).hasSize(512);
  }

  @Test
  void resolveNameAndOrderFollowTheKeyText() {
    BlobKey refs = BlobKey.of("refs/main");

    assertThat(refs.resolve("00001")).isEqualTo(BlobKey.of("refs/main/00001"));
    assertThat(refs.resolve("00001").name()).isEqualTo("00001");
    assertThat(BlobKey.of("top").name()).isEqualTo("top");
    assertThat(BlobKey.of("a-b").compareTo(BlobKey.of("a/b"))).isNegative();
    assertThat(refs.toString()).isEqualTo("refs/main");
    assertThatThrownBy(() -> refs.resolve("../x")).isInstanceOf(InvalidNameException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "a/", "refs/main/", "objects/a.", "objects/..", "..", ".", "a/b/c"})
  void aPrefixMayEndInAPartialSegment(String prefix) {
    assertThat(BlobKey.requireValidPrefix(prefix)).isEqualTo(prefix);
  }

  static Stream<Arguments> invalidPrefixes() {
    return Stream.of(
        Arguments.of("/", "it is only '/'"),
        Arguments.of("/refs", "it is absolute"),
        Arguments.of("../", "it has a '..' segment"),
        Arguments.of("./", "it has a '.' segment"),
        Arguments.of("a/./", "it has a '.' segment"),
        Arguments.of("a/../b", "it has a '..' segment"),
        Arguments.of("a//", "it has an empty segment"),
        Arguments.of("a b", "it contains a space at position 1"));
  }

  @ParameterizedTest
  @MethodSource("invalidPrefixes")
  void aPrefixThatCanMatchNoKeyIsRefused(String prefix, String problem) {
    assertThatThrownBy(() -> BlobKey.requireValidPrefix(prefix))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot list keys under prefix '")
        .hasMessageContaining(problem);
  }
}
