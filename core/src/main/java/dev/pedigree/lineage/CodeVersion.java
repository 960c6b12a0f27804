package dev.pedigree.lineage;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Optional;

/**
 * The version of the code that ran: a git commit and whether the work tree had uncommitted
 * changes, and/or a version string the application gives.
 *
 * @param gitCommit the commit id, when run inside a git work tree
 * @param dirty whether the work tree had uncommitted changes
 * @param version a version string given by the application (for example its release)
 */
public record CodeVersion(Optional<String> gitCommit, boolean dirty, Optional<String> version) {
  /** Checks for nulls. */
  public CodeVersion {
    InvalidRequestException.requireNonNull(gitCommit, "gitCommit");
    InvalidRequestException.requireNonNull(version, "version");
  }

  /**
   * Returns a code version known only by a version string.
   *
   * @param version the version
   * @return the code version
   */
  public static CodeVersion of(String version) {
    return new CodeVersion(Optional.empty(), false, Optional.of(version));
  }

  /**
   * Returns a code version that is not known.
   *
   * @return the code version
   */
  public static CodeVersion unknown() {
    return new CodeVersion(Optional.empty(), false, Optional.empty());
  }

  /**
   * Detects the git commit of the work tree that holds a directory, and whether it has
   * uncommitted changes, by asking the {@code git} command. Outside a work tree, or without
   * git, the result is {@link #unknown()}.
   *
   * @param directory a directory inside the work tree
   * @return the code version
   */
  public static CodeVersion detect(java.nio.file.Path directory) {
    Optional<String> commit = GitProbe.run(directory, "rev-parse", "HEAD").map(String::trim)
        .filter(s -> s.matches("[0-9a-f]{40,64}"));
    if (commit.isEmpty()) {
      return unknown();
    }
    boolean dirty = GitProbe.run(directory, "status", "--porcelain", "--untracked-files=no")
        .map(s -> !s.isBlank()).orElse(false);
    return new CodeVersion(commit, dirty, Optional.empty());
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    gitCommit.ifPresent(c -> text.append(c, 0, Math.min(12, c.length())).append(dirty ? "-dirty" : ""));
    version.ifPresent(v -> text.append(text.length() > 0 ? " " : "").append(v));
    return text.length() == 0 ? "unknown" : text.toString();
  }
}
