package dev.pedigree.samples.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChurnDataGeneratorTest {
  private final ChurnDataGenerator generator = new ChurnDataGenerator(42);

  @Test
  void theSameSeedAndWeekGiveTheSameBytes() {
    byte[] first = ChurnCsv.write(generator.week(2, 1000, WeekConditions.healthy()));
    byte[] again = ChurnCsv.write(new ChurnDataGenerator(42).week(2, 1000, WeekConditions.healthy()));
    byte[] otherWeek = ChurnCsv.write(generator.week(3, 1000, WeekConditions.healthy()));
    assertThat(again).isEqualTo(first);
    assertThat(otherWeek).isNotEqualTo(first);
  }

  @Test
  void aboutOneCustomerInFiveChurnsAndMonthToMonthCustomersChurnMost() {
    List<LabelledCustomer> rows = generator.week(1, 5000, WeekConditions.healthy());
    assertThat(rate(rows)).isBetween(0.15, 0.25);
    double monthToMonth = rate(rows.stream().filter(r -> r.customer().contract() == Contract.MONTH_TO_MONTH).toList());
    double twoYear = rate(rows.stream().filter(r -> r.customer().contract() == Contract.TWO_YEAR).toList());
    assertThat(monthToMonth).isGreaterThan(3 * twoYear);
  }

  @Test
  void labelNoiseFlipsAboutTheGivenShareOfOutcomes() {
    List<LabelledCustomer> clean = generator.week(4, 5000, WeekConditions.healthy());
    List<LabelledCustomer> noisy = generator.week(4, 5000, WeekConditions.labelNoise(0.3));
    long flipped = 0;
    for (int i = 0; i < clean.size(); i++) {
      assertThat(noisy.get(i).customer().tenureMonths()).isEqualTo(clean.get(i).customer().tenureMonths());
      flipped += clean.get(i).churned() != noisy.get(i).churned() ? 1 : 0;
    }
    assertThat(flipped / 5000.0).isBetween(0.27, 0.33);
  }

  @Test
  void swappedContractCodesExchangeMonthToMonthAndTwoYear() {
    List<LabelledCustomer> clean = generator.week(5, 500, WeekConditions.healthy());
    List<LabelledCustomer> drifted = generator.week(5, 500, WeekConditions.swappedContractCodes());
    for (int i = 0; i < clean.size(); i++) {
      Contract before = clean.get(i).customer().contract();
      Contract after = drifted.get(i).customer().contract();
      assertThat(after).isEqualTo(before == Contract.MONTH_TO_MONTH ? Contract.TWO_YEAR
          : before == Contract.TWO_YEAR ? Contract.MONTH_TO_MONTH : Contract.ONE_YEAR);
      assertThat(drifted.get(i).churned()).isEqualTo(clean.get(i).churned());
    }
  }

  @Test
  void csvRoundTripsEveryField() {
    List<LabelledCustomer> rows = generator.week(6, 300, WeekConditions.healthy());
    assertThat(ChurnCsv.read(ChurnCsv.write(rows))).isEqualTo(rows);
  }

  private static double rate(List<LabelledCustomer> rows) {
    return rows.stream().filter(LabelledCustomer::churned).count() / (double) rows.size();
  }
}
