package dev.pedigree.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SkewCheckTest {
  private static final String DEFS = "sha256:" + "ab".repeat(32);

  /** Training: x = 1..20, plan a (10 rows) or b (10 rows), two rows with x missing out of 22. */
  private static TableSource training() {
    StringBuilder csv = new StringBuilder("x,plan\n");
    for (int i = 1; i <= 20; i++) {
      csv.append(i).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
    }
    csv.append(",a\n,b\n");
    return CsvTables.text("training", csv.toString());
  }

  private static FeatureProfile profile() {
    return FeatureProfile.builder(DEFS).numeric("x").categorical("plan").profile(training());
  }

  @Test
  void theProfileIsRecordedWithTheVersionAndReadBack() {
    FeatureProfile profile = profile();
    FeatureProfile.Column x = profile.columns().get("x");
    assertThat(x.count()).isEqualTo(20);
    assertThat(x.nulls()).isEqualTo(2);
    // numpy.quantile(np.arange(1, 21), [0, .5, 1]) = 1, 10.5, 20 (linear interpolation, h = 19q).
    assertThat(x.percentiles()[0]).isEqualTo(1);
    assertThat(x.percentiles()[50]).isEqualTo(10.5);
    assertThat(x.percentiles()[100]).isEqualTo(20);
    assertThat(x.binCounts()).containsOnly(2L);
    assertThat(profile.columns().get("plan").categories()).containsEntry("a", 11L).containsEntry("b", 11L);
    try (Repository repo = Repository.open(new MemoryBlobStore())) {
      ArtifactVersion model = repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL)
          .bytes("w".getBytes(StandardCharsets.UTF_8)).param(FeatureProfile.PARAM, profile.toJson()).build());
      assertThat(FeatureProfile.of(repo.artifacts().version(model.id()))).contains(profile);
    }
  }

  @Test
  void servingLikeTrainingPassesAndAShiftedColumnFailsWithAHandComputedPsi() {
    SkewCheck check = SkewCheck.named("skew").maxPsi(0.2).minKsPValue(0.001).build();
    CheckResult same = check.compare(profile(), training(), DEFS);
    assertThat(same.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(same.evidence().number("x.psi")).hasValue(0.0);

    // Reference: hand computation, as in ReferenceStatisticsTest: training deciles 2.9, 4.8, ..., 18.1 hold two
    // training values each (0.1); serving values fill bins 1 and 2 with 0.2 each and bin 9 with 0.6.
    StringBuilder csv = new StringBuilder("x,plan\n");
    for (double v : new double[] {2.95, 3, 5, 6, 19, 19.5, 20, 21, 22, 23}) {
      csv.append(v).append(",a\n");
    }
    CheckResult shifted = check.compare(profile(), CsvTables.text("serving", csv.toString()), DEFS);
    double expected = 2 * (0.2 - 0.1) * Math.log(0.2 / 0.1) + (0.6 - 0.1) * Math.log(0.6 / 0.1)
        + 7 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
    assertThat(shifted.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(shifted.evidence().number("x.psi").getAsDouble()).isCloseTo(expected, within(1e-12));
    assertThat(shifted.evidence().summary()).contains("column 'x' is skewed: PSI ");
  }

  @Test
  void moreMissingValuesAndUnseenCategoriesAreCaught() {
    StringBuilder csv = new StringBuilder("x,plan\n");
    for (int i = 1; i <= 20; i++) {
      csv.append(i % 4 == 0 ? "" : Integer.toString(i)).append(',').append(i == 3 ? "enterprise" : i % 2 == 0 ? "a" : "b")
          .append('\n');
    }
    CheckResult result = SkewCheck.named("skew").maxPsi(5).build()
        .compare(profile(), CsvTables.text("serving", csv.toString()), DEFS);
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    // 5 of 20 missing (25%) against 2 of 22 (9.09%) in training.
    assertThat(result.evidence().number("x.nullRate")).hasValue(0.25);
    assertThat(result.evidence().number("plan.unseenShare")).hasValue(1.0 / 20);
    assertThat(result.evidence().summary()).contains("column 'x' is skewed: missing in 25% of rows against 9.09091%"
        + " in training").contains("1 values (5%) in categories training never saw: [enterprise]");
  }

  @Test
  void changedFeatureDefinitionsFailOutrightEvenWithIdenticalValues() {
    String other = "sha256:" + "cd".repeat(32);
    CheckResult result = SkewCheck.named("skew").build().compare(profile(), training(), other);
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.evidence().summary()).startsWith("Serving computes features from other definitions (" + other
        + ") than the training used (" + DEFS + ")");
  }

  @Test
  void aGateReadsTheCandidatesProfileAndFailsAVersionWithoutOne() {
    try (Repository repo = Repository.open(new MemoryBlobStore())) {
      ArtifactVersion with = repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL)
          .bytes("w".getBytes(StandardCharsets.UTF_8)).param(FeatureProfile.PARAM, profile().toJson()).build());
      ArtifactVersion without = repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL)
          .bytes("v".getBytes(StandardCharsets.UTF_8)).build());
      SkewCheck check = SkewCheck.named("skew").servingSample(ctx -> training()).servingDefinitions(ctx -> DEFS).build();
      assertThat(check.evaluate(CheckContext.of(with)).status()).isEqualTo(CheckStatus.PASSED);
      CheckResult missing = check.evaluate(CheckContext.of(without));
      assertThat(missing.status()).isEqualTo(CheckStatus.FAILED);
      assertThat(missing.evidence().summary()).startsWith("m:2 records no feature profile");
    }
  }

  @Test
  void theTrainingCdfInterpolatesBetweenPercentiles() {
    // Hand-worked: percentiles of 0..100 are 0, 1, ..., 100, so the CDF at 37.5 is 0.375.
    double[] percentiles = new double[101];
    for (int i = 0; i <= 100; i++) {
      percentiles[i] = i;
    }
    assertThat(SkewCheck.interpolatedCdf(percentiles, 37.5)).isCloseTo(0.375, within(1e-12));
    assertThat(SkewCheck.interpolatedCdf(percentiles, -1)).isZero();
    assertThat(SkewCheck.interpolatedCdf(percentiles, 100)).isEqualTo(1);
  }
}
