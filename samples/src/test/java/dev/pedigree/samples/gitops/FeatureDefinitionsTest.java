package dev.pedigree.samples.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.Contract;
import dev.pedigree.samples.ml.Customer;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.WeekConditions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureDefinitionsTest {
  private final String valid = FeatureDefinitions.churnDefinitions();

  @Test
  void theShippedDefinitionsAreValid() {
    assertThat(FeatureDefinitions.validate(valid)).isEmpty();
  }

  @Test
  void aWrongTypeIsRejectedNamingTheField() {
    List<String> problems = FeatureDefinitions.validate(valid.replace("type: number", "type: float64"));
    assertThat(problems).singleElement().asString().startsWith("/features/1/type:").contains("enumeration");
  }

  @Test
  void aMissingSourceAndAnUnknownKeyAreEachNamed() {
    String broken = valid.replace("    source: support.tickets.count_90d\n", "    unit: calls\n");
    List<String> problems = FeatureDefinitions.validate(broken);
    assertThat(problems).hasSize(2);
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/features/3").contains("source"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/features/3").contains("unit"));
  }

  @Test
  void textThatIsNotYamlIsRejected() {
    assertThat(FeatureDefinitions.validate("features: [unclosed")).singleElement().asString()
        .startsWith("(document): not valid YAML");
  }

  @Test
  void sampleDataIsCheckedAgainstTheDefinedRangesAndValues() {
    List<LabelledCustomer> rows = new ArrayList<>(new ChurnDataGenerator(2).week(1, 300, WeekConditions.healthy()));
    assertThat(FeatureDefinitions.checkData(valid, rows)).isEmpty();
    rows.add(new LabelledCustomer(new Customer("odd", 130, 20, Contract.ONE_YEAR, 1), false));
    String narrower = valid.replace("values: [month-to-month, one-year, two-year]", "values: [month-to-month, one-year]");
    assertThat(FeatureDefinitions.checkData(narrower, rows)).hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("tenure_months: 1 of 301 rows outside the defined range [0, 120]"))
        .anySatisfy(p -> assertThat(p).startsWith("contract: ").contains("outside the defined values"));
    String unknown = valid.replace("name: support_calls", "name: support_minutes");
    assertThat(FeatureDefinitions.checkData(unknown, rows)).contains("support_minutes: the data has no such column");
  }
}
