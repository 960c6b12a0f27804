package dev.pedigree.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
  /** SHA-256 of the empty string, as every implementation computes it. */
  private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  /** SHA-256 of "abc" (FIPS 180-2 test vector). */
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void computesKnownVectors() {
    assertThat(Digest.of(new byte[0]).hex()).isEqualTo(EMPTY);
    assertThat(Digest.of("abc".getBytes(StandardCharsets.US_ASCII)).hex()).isEqualTo(ABC);
  }

  @Test
  void textFormRoundTrips() {
    Digest digest = Digest.of("abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(digest.toString()).isEqualTo("sha256:" + ABC);
    assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
    assertThat(Digest.parse("sha256:" + EMPTY).toString()).isEqualTo("sha256:" + EMPTY);
    assertThat(digest.shortHex()).isEqualTo(ABC.substring(0, 12));
  }

  @Test
  void rejectsWrongPrefix() {
    assertThatThrownBy(() -> Digest.parse("sha512:" + ABC))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot parse 'sha512:" + ABC + "' as a digest")
        .hasMessageContaining("must start with 'sha256:'");
    assertThatThrownBy(() -> Digest.parse(ABC))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("must start with 'sha256:'");
    assertThatThrownBy(() -> Digest.parse("SHA256:" + ABC))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("must start with 'sha256:'");
  }

  @Test
  void rejectsWrongLength() {
    assertThatThrownBy(() -> Digest.parse("sha256:" + ABC.substring(1)))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("needs 64 lower-case hex digits but has 63 characters");
    assertThatThrownBy(() -> Digest.parse("sha256:" + ABC + "0"))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("but has 65 characters");
    assertThatThrownBy(() -> Digest.parse("sha256:"))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("but has 0 characters");
  }

  @Test
  void rejectsUpperCaseHex() {
    InvalidNameException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidNameException.class,
        () -> Digest.parse("sha256:" + ABC.toUpperCase(java.util.Locale.ROOT)));
    assertThat(e.getMessage()).contains("that are not all lower-case hex");
    assertThat(e.value()).isEqualTo("sha256:" + ABC.toUpperCase(java.util.Locale.ROOT));
  }

  @Test
  void rejectsNonHex() {
    String withG = "g" + ABC.substring(1);
    assertThatThrownBy(() -> Digest.parse("sha256:" + withG))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("has 64 characters that are not all lower-case hex");
    assertThatThrownBy(() -> new Digest(withG))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("expected 64 lower-case hex digits");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Digest.parse(null))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("Cannot parse 'null' as a digest");
    assertThatThrownBy(() -> new Digest(null))
        .isInstanceOf(InvalidNameException.class);
  }

  @Test
  void rawBytesMustBeThirtyTwo() {
    assertThatThrownBy(() -> Digest.fromBytes(new byte[31]))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("32 bytes, got 31");
  }

  @Test
  void ordersByHex() {
    Digest low = new Digest("0".repeat(64));
    Digest high = new Digest("f".repeat(64));
    assertThat(low).isLessThan(high);
  }
}
