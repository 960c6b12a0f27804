package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/** Hashes the uncommitted changes of a git work tree, streaming {@code git diff HEAD}. */
final class GitDiff {
  private GitDiff() {
  }

  static Digest digest(Path workTree) {
    ProcessBuilder builder = new ProcessBuilder("git", "-C", workTree.toString(), "diff", "HEAD", "--binary", "--no-color",
        "--no-ext-diff").redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      MessageDigest sha256 = Digest.newSha256();
      try (InputStream in = process.getInputStream()) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          sha256.update(buffer, 0, n);
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new InvalidRequestException("Cannot hash the uncommitted changes of " + workTree
            + ": git diff did not finish within 60 seconds; commit the changes or use CodeIdentity.version()");
      }
      if (process.exitValue() != 0) {
        throw new InvalidRequestException("Cannot hash the uncommitted changes of " + workTree + ": git diff exited with "
            + process.exitValue() + "; check the work tree with 'git status'");
      }
      return Digest.fromBytes(sha256.digest());
    } catch (IOException e) {
      throw new InvalidRequestException("Cannot hash the uncommitted changes of " + workTree + ": " + e.getMessage()
          + "; check that git is installed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidRequestException("Cannot hash the uncommitted changes of " + workTree + ": interrupted; run again");
    }
  }
}
