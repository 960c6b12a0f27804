package dev.pedigree.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.serving.ShadowRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's shadow and skew snippets. */
class ReadmeServingChecksTest {
  @TempDir
  Path temp;

  /** A stand-in model scoring a customer's tenure. */
  record Model(double slope) {
    double score(Integer tenureMonths) {
      return Math.min(1, slope * tenureMonths);
    }
  }

  @Test
  void theShadowSnippetRecordsBothModelsAndJudgesAgreement() {
    Model production = new Model(0.010);
    Model candidate = new Model(0.011);
    List<Integer> requests = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      requests.add(i);
    }
    List<Double> answers = new ArrayList<>();
    CheckResult agreement;
    // snippet:shadow
    try (ShadowRunner<Integer, Double> shadow = ShadowRunner.of(production::score, candidate::score)) {
      for (Integer request : requests) {
        answers.add(shadow.serve(request));          // production's answer; the candidate's is only recorded
      }
      shadow.awaitCandidates(Duration.ofSeconds(30));
      ShadowSamples samples = ShadowSamples.of(shadow.observations(), p -> p >= 0.5 ? "churn" : "stay", p -> p);
      agreement = ShadowCheck.named("shadow-agreement")
          .minAgreement(0.95).positiveLabel("churn").maxFlipRate(0.05)   // decisions
          .maxMeanAbsDifference(0.05).minPairedPValue(0.01)             // scores
          .maxLatencyRatio(1.5)                                         // p95 latency
          .build().compare(samples);                   // or .samples(ctx -> samples) inside a Gate
    }
    // end-snippet
    assertThat(answers.get(60)).isEqualTo(0.6);
    // Tenures 46 to 49 cross 0.5 only for the candidate (0.011 * 46 = 0.506): 4 of 100 decisions flip.
    assertThat(agreement.evidence().number("agreement")).hasValue(0.96);
    assertThat(agreement.evidence().number("flipRate")).hasValue(0.04);
    assertThat(agreement.evidence().number("pairedPValue").getAsDouble()).isLessThan(0.01);
    assertThat(agreement.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(agreement.evidence().summary()).contains("the scores are systematically shifted");
  }

  @Test
  void theSkewSnippetRecordsAProfileAndCatchesSkew() throws Exception {
    Path trainingCsv = temp.resolve("training.csv");
    Path servingLog = temp.resolve("serving.csv");
    Path modelFile = Files.writeString(temp.resolve("model.bin"), "weights");
    StringBuilder training = new StringBuilder("tenure_months,monthly_charges,contract\n");
    StringBuilder serving = new StringBuilder("tenure_months,monthly_charges,contract\n");
    for (int i = 0; i < 200; i++) {
      training.append(i % 72).append(',').append(20 + i % 80).append(',').append(i % 3 == 0 ? "one-year" : "monthly")
          .append('\n');
      serving.append(i % 72).append(',').append(100 * (20 + i % 80)).append(',').append(i % 3 == 0 ? "one-year" : "monthly")
          .append('\n');
    }
    Files.writeString(trainingCsv, training);
    Files.writeString(servingLog, serving);
    try (Repository repo = Repository.open(temp.resolve("repo").toString())) {
      ArtifactVersion definitions = repo.artifacts().register(NewVersion.of("churn-features", ArtifactKind.FEATURES)
          .bytes("features: [tenure_months, monthly_charges, contract]".getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .build());
      // snippet:skew
      // At training: record the definitions' digest and a profile of the training features with the version.
      FeatureProfile profile = FeatureProfile.builder(definitions.content().toString())
          .numeric("tenure_months", "monthly_charges").categorical("contract")
          .profile(CsvTables.file(trainingCsv));
      ArtifactVersion model = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .file(modelFile).param(FeatureProfile.PARAM, profile.toJson()).build());

      // While serving: compare logged features with it, in a gate or on a schedule.
      SkewCheck skew = SkewCheck.named("serving-skew")
          .servingSample(ctx -> CsvTables.file(servingLog))
          .servingDefinitions(ctx -> definitions.content().toString())
          .maxPsi(0.2).minKsPValue(0.01).maxNullRateIncrease(0.05).maxUnseenCategoryShare(0.01)
          .build();
      CheckResult result = skew.evaluate(CheckContext.of(model));   // fails on skew, outright on other definitions
      // end-snippet
      assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
      assertThat(result.evidence().summary()).contains("column 'monthly_charges' is skewed")
          .doesNotContain("column 'tenure_months' is skewed").doesNotContain("column 'contract' is skewed");
    }
  }
}
