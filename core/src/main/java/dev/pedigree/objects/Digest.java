package dev.pedigree.objects;

import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 digest of some content: the address of an immutable object. Its text form is
 * {@code sha256:} followed by 64 lower-case hex digits.
 *
 * <pre>{@code
 * Digest d = Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
 * }</pre>
 *
 * @param hex the 64 lower-case hex digits
 */
public record Digest(String hex) implements Comparable<Digest> {
  /** The algorithm prefix of the text form. */
  public static final String PREFIX = "sha256:";

  private static final HexFormat HEX = HexFormat.of();

  /**
   * Validates the hex digits.
   *
   * @throws InvalidNameException if {@code hex} is not 64 lower-case hex digits
   */
  public Digest {
    if (hex == null || hex.length() != 64 || !isLowerHex(hex)) {
      throw new InvalidNameException(hex, "Cannot use '" + hex + "' as a SHA-256 digest: expected 64 lower-case hex digits"
          + (hex == null ? "" : " but got " + hex.length() + " characters") + "; copy the digest exactly as Pedigree printed it");
    }
  }

  /**
   * Parses the text form {@code sha256:<64 hex>}.
   *
   * @param text the text
   * @return the digest
   * @throws InvalidNameException if the text is not of that form
   */
  public static Digest parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new InvalidNameException(text, "Cannot parse '" + text + "' as a digest: it must start with '" + PREFIX
          + "' followed by 64 lower-case hex digits, such as 'sha256:e3b0c442...'");
    }
    String hex = text.substring(PREFIX.length());
    if (hex.length() != 64 || !isLowerHex(hex)) {
      throw new InvalidNameException(text, "Cannot parse '" + text + "' as a digest: after '" + PREFIX
          + "' it needs 64 lower-case hex digits but has " + hex.length() + " characters"
          + (isLowerHex(hex) ? "" : " that are not all lower-case hex") + "; copy the digest exactly as Pedigree printed it");
    }
    return new Digest(hex);
  }

  /**
   * Returns the digest of the given bytes.
   *
   * @param bytes the content
   * @return its digest
   */
  public static Digest of(byte[] bytes) {
    return fromBytes(newSha256().digest(bytes));
  }

  /**
   * Returns the digest of a file's content, read in one pass; a symbolic link is not followed.
   *
   * @param file the file
   * @return its digest
   * @throws StorageException if the file cannot be read
   */
  public static Digest of(Path file) {
    InvalidRequestException.requireNonNull(file, "file");
    MessageDigest sha256 = newSha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha256.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new StorageException("Cannot hash " + file + ": " + e.getMessage() + "; check that it exists and is readable",
          e);
    }
    return fromBytes(sha256.digest());
  }

  /**
   * Returns the digest whose raw 32 bytes are given.
   *
   * @param raw the 32 bytes a SHA-256 computation returned
   * @return the digest
   */
  public static Digest fromBytes(byte[] raw) {
    if (raw.length != 32) {
      throw new InvalidRequestException("A SHA-256 digest has 32 bytes, got " + raw.length);
    }
    return new Digest(HEX.formatHex(raw));
  }

  /**
   * Returns a new SHA-256 {@link MessageDigest}.
   *
   * @return the message digest
   */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256, which every Java platform must provide", e);
    }
  }

  /**
   * Returns the first 12 hex digits, for people to read.
   *
   * @return the short form
   */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return PREFIX + hex;
  }

  @Override
  public int compareTo(Digest other) {
    return hex.compareTo(other.hex);
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
