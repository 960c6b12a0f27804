package dev.pedigree.internal;

import dev.pedigree.exceptions.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Checks that relative paths stay inside their directory. Internal: not part of the API. */
public final class SafePaths {
  /** The longest relative path accepted, in characters. */
  public static final int MAX_PATH_LENGTH = 4096;

  private SafePaths() {
  }

  /**
   * Returns why a relative path is unsafe, or {@code null} when it is fine.
   *
   * @param path a {@code /}-separated relative path
   * @return the problem, or null
   */
  public static String relativePathProblem(String path) {
    if (path == null || path.isEmpty()) {
      return "the path is empty";
    }
    if (path.length() > MAX_PATH_LENGTH) {
      return "the path is longer than " + MAX_PATH_LENGTH + " characters";
    }
    if (path.startsWith("/") || (path.length() >= 2 && path.charAt(1) == ':' && isAsciiLetter(path.charAt(0)))) {
      return "the path is absolute";
    }
    if (path.indexOf('\\') >= 0) {
      return "the path contains a backslash";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "the path contains a control character at position " + i;
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()) {
        return "the path has an empty segment";
      }
      if (segment.equals("..")) {
        return "the path has a '..' segment that would leave the directory";
      }
      if (segment.equals(".")) {
        return "the path has a '.' segment";
      }
    }
    return null;
  }

  /**
   * Resolves a relative path inside a directory and checks that no existing part of it is a
   * symbolic link leading out of the directory.
   *
   * @param root the directory, which must exist
   * @param relative a path that passed {@link #relativePathProblem}
   * @return the resolved path
   * @throws UnsafePathException if the path would leave the directory
   */
  public static Path resolveInside(Path root, String relative) {
    String problem = relativePathProblem(relative);
    if (problem != null) {
      throw new UnsafePathException(relative, "Cannot write '" + relative + "' under " + root + ": " + problem
          + "; only relative paths inside the target are materialised");
    }
    try {
      Path realRoot = root.toRealPath();
      Path target = realRoot.resolve(relative).normalize();
      if (!target.startsWith(realRoot)) {
        throw new UnsafePathException(relative, "Cannot write '" + relative + "' under " + root
            + ": it resolves outside the target directory; remove the entry from the manifest");
      }
      // Every existing ancestor must resolve inside the root: a symlinked folder could point anywhere.
      Path current = realRoot;
      for (Path part : realRoot.relativize(target)) {
        current = current.resolve(part);
        if (Files.isSymbolicLink(current)) {
          throw new UnsafePathException(relative, "Cannot write '" + relative + "' under " + root + ": '"
              + realRoot.relativize(current) + "' is a symbolic link, which could lead outside the target; remove it first");
        }
        if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
          break;
        }
      }
      return target;
    } catch (IOException e) {
      throw new UnsafePathException(relative, "Cannot resolve '" + relative + "' under " + root + ": " + e.getMessage()
          + "; check that the target directory exists and is readable");
    }
  }

  /** A drive letter; checked by hand because a regular expression here cost more than the rest of a manifest. */
  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
