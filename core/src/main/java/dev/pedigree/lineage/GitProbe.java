package dev.pedigree.lineage;

import dev.pedigree.internal.Git;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks the git command line about a work tree, answering empty when git cannot tell. */
final class GitProbe {
  private static final Logger LOG = LoggerFactory.getLogger(GitProbe.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private GitProbe() {
  }

  static Optional<String> run(Path directory, String... args) {
    try {
      return Optional.of(Git.run(directory, TIMEOUT, Git::text, args));
    } catch (Git.Failure e) {
      // No git, no work tree, or a git that hangs: the code version is then unknown, which runs record as such.
      LOG.debug("Cannot detect the code version ({}): {}", e.problem(), e.getMessage());
      return Optional.empty();
    }
  }
}
