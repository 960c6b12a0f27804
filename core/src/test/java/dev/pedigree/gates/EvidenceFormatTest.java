package dev.pedigree.gates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvidenceFormatTest {
  @Test
  void ordinaryNumbersArePlain() {
    assertThat(Evidence.format(0.81234567)).isEqualTo("0.812346");
    assertThat(Evidence.format(0.05)).isEqualTo("0.05");
    assertThat(Evidence.format(0.0001)).isEqualTo("0.0001");
    assertThat(Evidence.format(1234.5)).isEqualTo("1234.5");
    assertThat(Evidence.format(-0.25)).isEqualTo("-0.25");
    assertThat(Evidence.format(0)).isEqualTo("0");
    assertThat(Evidence.format(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void tinyPValuesAndHugeCountsAreScientific() {
    assertThat(Evidence.format(5.53e-8)).isEqualTo("5.53e-8");
    assertThat(Evidence.format(0.00009999991)).isEqualTo("9.99999e-5");
    assertThat(Evidence.format(-1.5e-12)).isEqualTo("-1.5e-12");
    assertThat(Evidence.format(5e7)).isEqualTo("5e7");
    assertThat(Evidence.format(123456789)).isEqualTo("1.23457e8");
  }
}
