package dev.pedigree.refs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidNameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefNameTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "artifacts/churn-model/aliases/production", "A.b_c-d/1/x.y", "0"})
  void acceptsWellFormedNames(String name) {
    assertThat(RefName.of(name).value()).isEqualTo(name);
    assertThat(RefName.of(name)).hasToString(name);
  }

  @Test
  void rejectsEmpty() {
    assertInvalid("", "it is empty");
  }

  @Test
  void rejectsNull() {
    assertInvalid(null, "it is null");
  }

  @Test
  void rejectsDotDotAndDotSegments() {
    assertInvalid("..", "the segment '..' does not start with a letter or digit");
    assertInvalid("a/../b", "the segment '..' does not start with a letter or digit");
    assertInvalid("a/./b", "the segment '.' does not start with a letter or digit");
    assertInvalid(".hidden", "the segment '.hidden' does not start with a letter or digit");
  }

  @Test
  void rejectsAbsoluteAndEmptySegments() {
    assertInvalid("/artifacts/m", "it is absolute (starts with '/')");
    assertInvalid("a//b", "it has an empty segment");
    assertInvalid("a/", "it has an empty segment");
  }

  @Test
  void rejectsControlAndOtherCharacters() {
    assertInvalid("a\u0000b", "it contains a control character at position 1");
    assertInvalid("ab\nc", "it contains a control character at position 2");
    assertInvalid("a\u007f", "it contains a control character at position 1");
    assertInvalid("a b", "it contains a space at position 1");
    assertInvalid("a\\b", "it contains '\\' at position 1");
    assertInvalid("caf\u00e9", "it contains '\u00e9' at position 3");
    assertInvalid("a/@log", "it contains '@' at position 2");
  }

  @Test
  void controlCharactersAreEscapedInTheMessage() {
    assertThatThrownBy(() -> RefName.of("a\u0001b"))
        .hasMessageStartingWith("Cannot use 'a\\u0001b' as a ref name");
  }

  @Test
  void rejectsOverLongNamesAndSegments() {
    String segment = "s".repeat(RefName.MAX_SEGMENT_LENGTH);
    String longest = String.join("/", segment, segment, segment, "s".repeat(RefName.MAX_LENGTH - 3 * 65));
    assertThat(longest).hasSize(RefName.MAX_LENGTH);
    assertThat(RefName.of(longest).value()).isEqualTo(longest);

    assertInvalid(longest + "s", "it is 257 characters long, more than the limit of 256");
    assertInvalid("x".repeat(100_000), "it is 100000 characters long");
    assertInvalid("a/" + segment + "s", "the segment 'ssssssssssssssss...' is longer than 64 characters");
  }

  private static void assertInvalid(String name, String problem) {
    assertThatThrownBy(() -> RefName.of(name))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot use '")
        .hasMessageContaining("as a ref name: " + problem)
        .hasMessageContaining("; use '/'-separated segments")
        .satisfies(e -> assertThat(((InvalidNameException) e).value()).isEqualTo(name));
  }
}
