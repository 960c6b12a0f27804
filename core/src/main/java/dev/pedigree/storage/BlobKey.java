package dev.pedigree.storage;

import dev.pedigree.exceptions.InvalidNameException;

/**
 * A validated storage key: one or more {@code /}-separated segments, each made of printable
 * ASCII without spaces, none of them empty, {@code .} or {@code ..}, at most 512 characters in
 * all, not starting with the reserved segment {@code .pedigree-staging}. Every backend can store
 * such a key as it is (a file path, an S3 or GCS object name).
 *
 * <pre>{@code
 * BlobKey key = BlobKey.of("objects/sha256/ab/cdef...");
 * }</pre>
 *
 * @param value the key text
 */
public record BlobKey(String value) implements Comparable<BlobKey> {
  /**
   * A first segment no key may have: the folder store keeps its staged writes in a folder of this
   * name under its root, so that no key can name them.
   */
  static final String RESERVED_SEGMENT = ".pedigree-staging";

  /** The longest key accepted, in characters. */
  public static final int MAX_LENGTH = 512;

  /**
   * Validates the key.
   *
   * @throws InvalidNameException if the key is not of the documented form
   */
  public BlobKey {
    String problem = problem(value);
    if (problem != null) {
      throw new InvalidNameException(value, "Cannot use '" + printable(value) + "' as a storage key: "
          + problem + "; use '/'-separated segments of printable ASCII such as 'objects/ab/cd'");
    }
  }

  /**
   * Returns a key for the given text.
   *
   * @param value the key text
   * @return the key
   * @throws InvalidNameException if the key is not of the documented form
   */
  public static BlobKey of(String value) {
    return new BlobKey(value);
  }

  /**
   * Returns this key with a further segment path appended after a {@code /}.
   *
   * @param child one or more segments
   * @return the longer key
   */
  public BlobKey resolve(String child) {
    return new BlobKey(value + "/" + child);
  }

  /**
   * Returns the last segment of the key.
   *
   * @return the text after the last {@code /}
   */
  public String name() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  @Override
  public int compareTo(BlobKey other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }

  /**
   * Checks a listing prefix: empty (everything), or key text that may end in {@code /} or in a
   * partial segment.
   *
   * @param prefix the prefix to check
   * @return the same prefix
   * @throws InvalidNameException if the prefix could never match a valid key
   */
  public static String requireValidPrefix(String prefix) {
    String problem = prefixProblem(prefix);
    if (problem != null) {
      throw new InvalidNameException(prefix, "Cannot list keys under prefix '" + printable(prefix) + "': "
          + problem + "; use '' for everything or '/'-separated segments such as 'refs/'");
    }
    return prefix;
  }

  private static String prefixProblem(String prefix) {
    if (prefix == null) {
      return "it is null";
    }
    if (prefix.isEmpty()) {
      return null;
    }
    boolean endsWithSlash = prefix.endsWith("/");
    String body = endsWithSlash ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (body.isEmpty()) {
      return "it is only '/'";
    }
    // Only an unfinished last segment may be '.' or '..' ("objects/a." lists "objects/a.b"); a finished
    // one ("../", "a/./") can match no key, and a file backend must not resolve it as a folder.
    return problem(body + (!endsWithSlash && body.endsWith(".") ? "x" : ""));
  }

  private static String problem(String value) {
    if (value == null) {
      return "it is null";
    }
    if (value.isEmpty()) {
      return "it is empty";
    }
    if (value.length() > MAX_LENGTH) {
      return "it is " + value.length() + " characters long, more than the limit of " + MAX_LENGTH;
    }
    if (value.startsWith("/")) {
      return "it is absolute (starts with '/')";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return "it contains " + (c < 0x20 || c == 0x7f ? "a control character" : c == ' ' ? "a space" : "a non-ASCII character")
            + " at position " + i;
      }
      if (c == '\\') {
        return "it contains a backslash at position " + i;
      }
    }
    if (value.equals(RESERVED_SEGMENT) || value.startsWith(RESERVED_SEGMENT + "/")) {
      return "its first segment '" + RESERVED_SEGMENT + "' is reserved for staged writes";
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty()) {
        return "it has an empty segment ('//' or a trailing '/')";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "it has a '" + segment + "' segment";
      }
    }
    return null;
  }

  static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < 80; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : c);
    }
    if (value.length() > 80) {
      out.append("...");
    }
    return out.toString();
  }
}
