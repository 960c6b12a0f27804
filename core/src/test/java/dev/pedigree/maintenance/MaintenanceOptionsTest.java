package dev.pedigree.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The strict builders of {@link GcOptions} and {@link RetentionPolicy}, and their messages. */
class MaintenanceOptionsTest {
  @Test
  void gcOptionsRejectASettingGivenTwiceAndADeadlineShorterThanTwoWindows() {
    assertThatThrownBy(() -> GcOptions.builder().dryRun().dryRun())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set dryRun twice: it was already set to true; set each option once");
    assertThatThrownBy(() -> GcOptions.builder().writerWindow(Duration.ofMinutes(1)).maxDuration(Duration.ofSeconds(90)).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot collect with maxDuration PT1M30S and writerWindow PT1M: the run waits one writer window before"
            + " it deletes anything; give maxDuration at least twice the writer window");
    assertThatThrownBy(() -> GcOptions.builder().uploadGracePeriod(Duration.ZERO).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot collect with uploadGracePeriod PT0S: it must be a positive duration; pass one such as"
            + " Duration.ofSeconds(30)");
    GcOptions defaults = GcOptions.defaults();
    assertThat(defaults.dryRun()).isFalse();
    assertThat(defaults.writerWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.uploadGracePeriod()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void aRetentionPolicyNeedsARuleAndTakesEachOnce() {
    assertThatThrownBy(() -> RetentionPolicy.builder().artifacts("m").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot build a retention policy without a rule: it would delete every version no alias holds; add"
            + " keepLast, keepNewerThan, keepAliasHolders or keepTagged");
    assertThatThrownBy(() -> RetentionPolicy.builder().keepLast(3).keepLast(4))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set keepLast twice: it was already set to 3; give each rule once");
    assertThatThrownBy(() -> RetentionPolicy.builder().keepLast(0).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot keep the last 0 versions: keep at least 1, or leave keepLast out");
    assertThatThrownBy(() -> RetentionPolicy.builder().keepNewerThan(Duration.ofDays(-1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set keepNewerThan to PT-24H: give a positive duration, or RetentionPolicy.EVER");
    RetentionPolicy policy = RetentionPolicy.builder().keepLast(3).keepAliasHolders(RetentionPolicy.EVER, "production")
        .keepTagged("pinned").keepLineageInputs().build();
    assertThat(policy.describe()).containsExactly("keep last 3", "keep holders of [production] ever", "keep tagged pinned",
        "keep lineage inputs");
  }
}
