package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The help, the version, shell completion and the progress bar's drawing. */
class HelpTest {
  private final CliRunner cli = new CliRunner();

  @Test
  void helpListsEveryCommandTheExitCodesAndTheEnvironment() {
    CliRunner.Result help = cli.run("--help");
    assertThat(help.code()).isZero();
    for (String command : new String[] {"ls", "show", "versions", "aliases", "history", "lineage", "diff", "get", "put",
        "alias", "rollback", "delete", "delete-artifact", "delete-run", "retention", "gc", "audit", "verify", "export", "ui",
        "completion"}) {
      assertThat(help.out()).containsPattern("(?m)^  " + command + " ");
    }
    assertThat(help.out()).contains("Exit codes:").contains("  0   it worked").contains("  3   not found")
        .contains("  4   conflict").contains("  5   storage").contains("PEDIGREE_REPO").contains("source <(pedigree completion)");
    assertThat(cli.run("lineage", "--help").out()).contains("--format=FORMAT").contains("--repo=URI").contains("--json");
    assertThat(cli.run("--version").out()).startsWith("pedigree ");
  }

  @Test
  void completionPrintsAScriptForBashAndZsh() {
    CliRunner.Result script = cli.run("completion");
    assertThat(script.code()).isZero();
    assertThat(script.out()).contains("complete -F _complete_pedigree").contains("versions").contains("--metric")
        .contains("rollback");
  }

  @Test
  void theBarShowsTheShareDoneOrASpinnerWhenTheTotalIsUnknown() {
    assertThat(Progress.line("get m:1", 512, 1024, Duration.ofSeconds(3), 0))
        .isEqualTo("get m:1 [###############---------------]  50% 512 B/1.0 KiB 3s");
    assertThat(Progress.line("get m:1", 0, 0, Duration.ZERO, 0)).contains("] 100% 0 B/0 B 0s");
    assertThat(Progress.line("put m", 2048, -1, Duration.ofSeconds(1), 1)).isEqualTo("put m / 2.0 KiB 1s");
    assertThat(Progress.line("put m", -1, -1, Duration.ofSeconds(1), 2)).isEqualTo("put m - 1s");
  }
}
