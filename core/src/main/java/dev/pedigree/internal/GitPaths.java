package dev.pedigree.internal;

import java.util.Locale;

/**
 * Recognises the path segments that git itself refuses to check out, because on some
 * filesystem they name the repository's own {@code .git} folder: {@code .git} in any case; the
 * same followed by dots or spaces, or by {@code :} (an NTFS stream), which Windows drops or
 * reads as the folder; its NTFS short name {@code git~1}; and {@code .git} with Unicode
 * characters that macOS's HFS+ ignores in names (zero-width joiners, direction marks, the byte
 * order mark). A dataset that writes there can plant hooks or configuration that git runs.
 * Internal: not part of the API.
 */
public final class GitPaths {
  private GitPaths() {
  }

  /**
   * Returns why a relative path would write into a git repository's metadata, or {@code null}.
   *
   * @param path a {@code /}-separated relative path
   * @return the problem, or null
   */
  public static String problem(String path) {
    for (String segment : path.split("/", -1)) {
      if (isGitFolder(segment)) {
        return "its segment '" + printable(segment) + "' names a git repository's .git folder "
            + "(git refuses it too: on Windows or macOS it is the same folder as '.git')";
      }
    }
    return null;
  }

  static boolean isGitFolder(String segment) {
    String lower = segment.toLowerCase(Locale.ROOT);
    if (lower.startsWith("git~1") && onlyDotsAndSpaces(lower, 5)) {
      return true;
    }
    if (lower.startsWith(".git") && (onlyDotsAndSpaces(lower, 4) || lower.charAt(4) == ':')) {
      return true;
    }
    StringBuilder kept = new StringBuilder(segment.length());
    segment.codePoints().filter(c -> !ignoredByHfs(c)).forEach(kept::appendCodePoint);
    return kept.length() != segment.length() && kept.toString().toLowerCase(Locale.ROOT).equals(".git");
  }

  /** Whether everything from {@code from} on is dots and spaces (or nothing). */
  private static boolean onlyDotsAndSpaces(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) != '.' && text.charAt(i) != ' ') {
        return false;
      }
    }
    return true;
  }

  private static boolean ignoredByHfs(int c) {
    return (c >= 0x200c && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x206a && c <= 0x206f)
        || c == 0xfeff;
  }

  private static String printable(String segment) {
    StringBuilder shown = new StringBuilder();
    segment.codePoints().forEach(c -> {
      if (c < 0x20 || c > 0x7e) {
        shown.append(String.format("\\u%04x", c));
      } else {
        shown.appendCodePoint(c);
      }
    });
    return shown.toString();
  }
}
