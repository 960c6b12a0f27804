package dev.pedigree.internal;

/** Validation of the names users give (refs, artifacts, aliases, stages). Internal: not API. */
public final class Names {
  private Names() {
  }

  /**
   * Returns why a name is invalid, or {@code null}.
   *
   * @param value the name
   * @param maxLength the longest name allowed
   * @param maxSegment the longest segment allowed
   * @param allowSlash whether {@code /} may separate segments
   * @return the problem, or null
   */
  public static String problem(String value, int maxLength, int maxSegment, boolean allowSlash) {
    if (value == null) {
      return "it is null";
    }
    if (value.isEmpty()) {
      return "it is empty";
    }
    if (value.length() > maxLength) {
      return "it is " + value.length() + " characters long, more than the limit of " + maxLength;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-' || (allowSlash && c == '/');
      if (!ok) {
        String what = c < 0x20 || c == 0x7f ? "a control character" : c == ' ' ? "a space" : "'" + c + "'";
        return "it contains " + what + " at position " + i;
      }
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty()) {
        return value.startsWith("/") ? "it is absolute (starts with '/')" : "it has an empty segment";
      }
      if (segment.length() > maxSegment) {
        return "the segment '" + segment.substring(0, Math.min(16, segment.length())) + "...' is longer than " + maxSegment + " characters";
      }
      char first = segment.charAt(0);
      if (!Character.isLetterOrDigit(first)) {
        return "the segment '" + segment + "' does not start with a letter or digit";
      }
    }
    return null;
  }

  /**
   * Returns a name fit for a message: control characters escaped, long names cut.
   *
   * @param value the name
   * @return printable text
   */
  public static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < 80; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : c);
    }
    return value.length() > 80 ? out + "..." : out.toString();
  }
}
