package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.Git;
import dev.pedigree.objects.Digest;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;

/** Hashes the uncommitted changes of a git work tree, streaming {@code git diff HEAD}. */
final class GitDiff {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private GitDiff() {
  }

  static Digest digest(Path workTree) {
    try {
      return Git.run(workTree, TIMEOUT, GitDiff::hash, "diff", "HEAD", "--binary", "--no-color", "--no-ext-diff");
    } catch (Git.Failure e) {
      String doing = "Cannot hash the uncommitted changes of " + workTree + ": ";
      throw switch (e.problem()) {
        case TIMED_OUT -> new InvalidRequestException(doing + "git diff did not finish within " + TIMEOUT.toSeconds()
            + " seconds and was stopped; commit the changes or use CodeIdentity.version()", e);
        case NOT_AVAILABLE -> new InvalidRequestException(doing + e.getMessage() + "; check that git is installed", e);
        case INTERRUPTED -> new InvalidRequestException(doing + "interrupted; run again", e);
        case FAILED -> new InvalidRequestException(doing + e.getMessage() + "; check the work tree with 'git status'", e);
      };
    }
  }

  private static Digest hash(InputStream diff) throws java.io.IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = diff.read(buffer)) >= 0) {
      sha256.update(buffer, 0, n);
    }
    return Digest.fromBytes(sha256.digest());
  }
}
