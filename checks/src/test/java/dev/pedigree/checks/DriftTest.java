package dev.pedigree.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.InvalidDataException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.BaselinePolicy;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftTest {
  @Test
  void psiMatchesAHandComputation() {
    // Baseline 1..10 with 5 bins: edges numpy.quantile(b, [.2, .4, .6, .8]) = 2.8, 4.6, 6.4, 8.2 (linear:
    // h = 9q, e.g. h = 1.8 gives 2 + 0.8 * (3 - 2)), so bins (-inf,2.8) [2.8,4.6) [4.6,6.4) [6.4,8.2)
    // [8.2,inf) each hold 0.2 of the baseline. The candidate holds
    // 0.4, 0.1, 0.2, 0.1, 0.2 of its values in them. PSI = 0.2 ln 2 + (-0.1) ln 0.5 + 0 + (-0.1) ln 0.5 + 0
    // = 0.4 ln 2 = 0.2772588722239781 (computed by hand).
    double[] baseline = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] candidate = {1, 1, 1, 1, 4, 6, 6, 8, 10, 10};
    assertThat(DriftStatistics.psi(baseline, candidate, 5)).isCloseTo(0.4 * Math.log(2), within(1e-12));
    assertThat(DriftStatistics.psi(baseline, baseline, 5)).isZero();
  }

  @Test
  void psiGivesEmptyBinsASmallProportionAndMergesTiedEdges() {
    double[] baseline = {1, 1, 1, 1, 1, 1, 1, 1, 2, 3};
    // Edges for 5 bins, numpy.quantile(b, [.2, .4, .6, .8]) = 1, 1, 1, 1.2 (h = 7.2: 1 + 0.2 * (2 - 1)),
    // merged to 1 and 1.2: bins (-inf,1) [1,1.2) [1.2,inf)
    // hold 0, 0.8, 0.2 of the baseline and 0.5, 0.5, 0 of the candidate; empty bins count as 1e-4.
    double[] candidate = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    double expected = (0.5 - 1e-4) * Math.log(0.5 / 1e-4) + (0.5 - 0.8) * Math.log(0.5 / 0.8)
        + (1e-4 - 0.2) * Math.log(1e-4 / 0.2);
    assertThat(DriftStatistics.psi(baseline, candidate, 5)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void ksMatchesExactPermutationEnumeration() {
    // Reference: exact two-sided two-sample KS p-value by enumerating all C(16, 8) = 12,870 ways
    // to split the pooled values into two groups of 8 (Python 3 standard library, itertools and
    // fractions), counting splits with D >= the observed D: D = 0.75, p = 240/12870 = 8/429.
    double[] a = {0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56};
    double[] b = {1.64, 0.05, 1.38, 1.08, 0.52, 2.18, 1.98, 0.74};
    double[] ks = DriftStatistics.ks(a, b);
    assertThat(ks[0]).isCloseTo(0.75, within(1e-12));
    assertThat(ks[1]).isCloseTo(8.0 / 429, within(1e-10));
  }

  @Test
  void ksHandlesTies() {
    // By hand: F_s and F_t are 0.4/0.2 at 1, 0.8/0.6 at 2 and 1/1 at 3, so D = 0.2.
    double[] ks = DriftStatistics.ks(new double[] {1, 1, 2, 2, 3}, new double[] {1, 2, 2, 3, 3});
    assertThat(ks[0]).isCloseTo(0.2, within(1e-12));
    assertThat(ks[1]).isBetween(0.0, 1.0);
  }

  private static String column(String name, double[] values) {
    StringBuilder csv = new StringBuilder(name).append('\n');
    for (double v : values) {
      csv.append(v).append('\n');
    }
    return csv.toString();
  }

  @Test
  void driftCheckPassesSameDistributionAndFailsAShift() {
    Random random = new Random(7);
    double[] base = random.doubles(2000).map(v -> v * 100).toArray();
    double[] same = random.doubles(2000).map(v -> v * 100).toArray();
    double[] shifted = random.doubles(2000).map(v -> 30 + v * 100).toArray();
    DriftCheck check = DriftCheck.named("age-drift").columns("age").maxPsi(0.2).minKsPValue(0.01)
        .whenNoBaseline(BaselinePolicy.SKIP).build();
    CheckResult stable = check.compare(CsvTables.text("base", column("age", base)), CsvTables.text("cand", column("age", same)));
    assertThat(stable.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(stable.evidence().summary()).startsWith("cand against base: column 'age' is stable: PSI ");
    CheckResult drifted = check.compare(CsvTables.text("base", column("age", base)),
        CsvTables.text("cand", column("age", shifted)));
    assertThat(drifted.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(drifted.evidence().summary()).contains("column 'age' drifted: PSI ").contains("reaching the limit 0.2")
        .contains("over 2000 baseline and 2000 candidate values");
    assertThat(Double.parseDouble(drifted.evidence().observed().get("age.ksP"))).isLessThan(0.01);
  }

  @Test
  void reservoirBoundsTheSampleAndIsRepeatable() {
    double[] many = new Random(1).doubles(50_000).toArray();
    DriftCheck check = DriftCheck.named("d").columns("x").minKsPValue(0.01).sampleSize(500)
        .whenNoBaseline(BaselinePolicy.SKIP).build();
    CheckResult first = check.compare(CsvTables.text("b", column("x", many)), CsvTables.text("c", column("x", many)));
    CheckResult second = check.compare(CsvTables.text("b", column("x", many)), CsvTables.text("c", column("x", many)));
    assertThat(first.evidence().summary()).contains("over 500 baseline and 500 candidate values");
    assertThat(first.evidence()).isEqualTo(second.evidence());
    Reservoir reservoir = new Reservoir(3, 1);
    for (int i = 0; i < 100; i++) {
      reservoir.add(i);
    }
    assertThat(reservoir.seen()).isEqualTo(100);
    assertThat(reservoir.sample()).hasSize(3);
  }

  @Test
  void nanIsCountedEmptyColumnFailsTextIsATypedError() {
    DriftCheck check = DriftCheck.named("d").columns("x").maxPsi(0.2).whenNoBaseline(BaselinePolicy.SKIP).build();
    CheckResult withNan = check.compare(CsvTables.text("b", "x\n1\n2\nNaN\n3\n"), CsvTables.text("c", "x\n1\n2\n3\n"));
    assertThat(withNan.evidence().observed()).containsEntry("x.nan", "1 baseline, 0 candidate");
    CheckResult empty = check.compare(CsvTables.text("b", "x\n1\n2\n"), CsvTables.text("c", "x\n\n"));
    assertThat(empty.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(empty.evidence().summary()).isEqualTo("c against b: column 'x' has no numeric values in the candidate,"
        + " so its drift cannot be measured (at least two are needed).");
    CheckResult single = check.compare(CsvTables.text("b", "x\n1\n"), CsvTables.text("c", "x\n1\n2\n"));
    assertThat(single.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(single.evidence().summary()).isEqualTo("c against b: column 'x' has a single numeric value in the"
        + " baseline, so its drift cannot be measured (at least two are needed).");
    assertThatThrownBy(() -> check.compare(CsvTables.text("b", "x\n1\noops\n"), CsvTables.text("c", "x\n1\n")))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage("Cannot measure drift of column 'x' in b: line 3 holds 'oops', which is not a number; drift applies"
            + " to numeric columns, so fix the value or drop the column from the check");
    assertThatThrownBy(() -> check.compare(CsvTables.text("b", "y\n1\n"), CsvTables.text("c", "x\n1\n")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot measure drift of column 'x' in check 'd': b has no such column; its columns are [y]; fix"
            + " the column name in the check");
  }

  @Test
  void comparesStoredVersionsAndFollowsTheNoBaselinePolicy() {
    try (Repository repo = Repository.open(new MemoryBlobStore())) {
      ArtifactVersion v1 = repo.artifacts().register(NewVersion.of("features", ArtifactKind.DATASET)
          .bytes("x\n1\n2\n3\n4\n5\n6\n7\n8\n".getBytes(StandardCharsets.UTF_8)).build());
      ArtifactVersion v2 = repo.artifacts().register(NewVersion.of("features", ArtifactKind.DATASET)
          .bytes("x\n101\n102\n103\n104\n105\n106\n107\n108\n".getBytes(StandardCharsets.UTF_8)).build());
      DriftCheck.Builder builder = DriftCheck.named("d").columns("x").minKsPValue(0.05);
      DriftCheck check = builder.whenNoBaseline(BaselinePolicy.FAIL).build();
      CheckResult drifted = check.evaluate(CheckContext.of(v2).withBaseline(v1).withRepository(repo));
      assertThat(drifted.status()).isEqualTo(CheckStatus.FAILED);
      assertThat(drifted.evidence().baseline()).contains(v1.id());
      assertThat(drifted.evidence().summary()).startsWith("features:2 against features:1: column 'x' drifted");
      assertThat(check.evaluate(CheckContext.of(v1).withRepository(repo)).evidence().summary())
          .isEqualTo("There is no baseline whose data x could be compared with; failed by policy: this check requires a"
              + " baseline.");
      assertThatThrownBy(() -> DriftCheck.named("d").columns("x").build())
          .hasMessage("Cannot build check 'd': no drift measure; call maxPsi or minKsPValue");
      assertThatThrownBy(() -> DriftCheck.named("d").columns("x").maxPsi(0.1).build())
          .hasMessageContaining("call whenNoBaseline(BaselinePolicy.PASS, FAIL or SKIP)");
    }
  }
}
