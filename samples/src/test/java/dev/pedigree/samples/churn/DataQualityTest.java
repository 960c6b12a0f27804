package dev.pedigree.samples.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.WeekConditions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataQualityTest {
  private final String csv = new String(ChurnCsv.write(new ChurnDataGenerator(1).week(1, 400,
      WeekConditions.healthy())), StandardCharsets.UTF_8);

  @Test
  void generatedDataPassesEveryCheck() {
    DataQuality.Report report = DataQuality.check(csv.getBytes(StandardCharsets.UTF_8));
    assertThat(report.passed()).isTrue();
    assertThat(report.findings()).hasSize(11);
  }

  @Test
  void eachBrokenRuleIsReportedByName() {
    String broken = csv.replaceFirst("\nw01-c00002,(\\d+),", "\nw01-c00002,150,")
        .replaceFirst(",month-to-month,", ",monthly,")
        .replaceFirst("\nw01-c00003,", "\nw01-c00001,")
        + "w01-c99999,5,,one-year,1,0\n";
    DataQuality.Report report = DataQuality.check(broken.getBytes(StandardCharsets.UTF_8));
    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).extracting(DataQuality.Finding::rule).containsExactlyInAnyOrder(
        "tenure_months in [0, 120]", "contract is a known code", "customer_id unique", "no missing values");
  }

  @Test
  void tooFewRowsOrAnImplausibleChurnRateFail() {
    String tiny = ChurnCsv.HEADER + "\nc1,5,50.00,one-year,1,1\n";
    DataQuality.Report report = DataQuality.check(tiny.getBytes(StandardCharsets.UTF_8));
    assertThat(report.failures()).extracting(DataQuality.Finding::rule)
        .containsExactlyInAnyOrder("row count >= 200", "churn rate in [5%, 50%]");
  }
}
