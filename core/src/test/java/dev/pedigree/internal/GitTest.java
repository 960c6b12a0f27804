package dev.pedigree.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git helper's deadline holds against a git that never finishes and keeps its output open
 * (here an alias that sleeps, standing in for a credential prompt or a hung filesystem): the
 * caller gets a typed failure and git and its children are killed. Its other answers are typed
 * too.
 */
class GitTest {
  @TempDir
  Path dir;

  /** A git alias that records its shell's pid, then becomes a sleep that holds git's output open. */
  private String[] hang(Path pidFile) {
    return new String[] {"-c", "alias.hang=!echo $$ > '" + pidFile + "'; exec sleep 600", "hang"};
  }

  @Test
  void aGitThatHangsIsKilledAtTheTimeoutWithItsChildren() throws Exception {
    Path pidFile = dir.resolve("pid");
    assertThatThrownBy(() -> Git.run(dir, Duration.ofSeconds(3), Git::text, hang(pidFile)))
        .isInstanceOfSatisfying(Git.Failure.class, e -> assertThat(e.problem()).isEqualTo(Git.Problem.TIMED_OUT))
        .hasMessageContaining("did not finish within PT3S and was killed");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("the sleep git started (pid %d) is gone", pid).isFalse();
  }

  @Test
  void anInterruptedCallerKillsGitAndKeepsItsInterruptFlag() throws Exception {
    Path pidFile = dir.resolve("pid");
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Git.run(dir, Duration.ofMinutes(10), Git::text, hang(pidFile)))
          .isInstanceOfSatisfying(Git.Failure.class, e -> assertThat(e.problem()).isEqualTo(Git.Problem.INTERRUPTED));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aNonZeroExitIsAFailureAndOutputIsReturnedOtherwise() throws Exception {
    assertThatThrownBy(() -> Git.run(dir, Duration.ofSeconds(30), Git::text, "no-such-command"))
        .isInstanceOfSatisfying(Git.Failure.class, e -> assertThat(e.problem()).isEqualTo(Git.Problem.FAILED))
        .hasMessageContaining("exited with status");
    assertThat(Git.run(dir, Duration.ofSeconds(30), Git::text, "version")).startsWith("git version ");
  }
}
