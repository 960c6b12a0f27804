package dev.pedigree.samples.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChurnModelTest {
  private static final ChurnDataGenerator GENERATOR = new ChurnDataGenerator(42);
  private static ChurnModel model;

  @BeforeAll
  static void train() {
    model = ChurnModel.train(GENERATOR.week(1, 2000, WeekConditions.healthy()), TrainingConfig.defaults());
  }

  @Test
  void ranksHeldOutCustomersWell() {
    Evaluation evaluation = model.evaluate(GENERATOR.week(2, 2000, WeekConditions.healthy()));
    assertThat(evaluation.auc()).isGreaterThan(0.8);
    assertThat(evaluation.logLoss()).isLessThan(0.45);
  }

  @Test
  void thePackageLoadsIntoAModelThatScoresIdentically() {
    List<Customer> batch = GENERATOR.batch(1, 200);
    ChurnModel loaded = ChurnModel.fromBytes(model.toBytes());
    assertThat(loaded.churnProbabilities(batch)).containsExactly(model.churnProbabilities(batch));
  }

  @Test
  void theSameDataConfigAndSeedPackageToTheSameBytes() {
    List<LabelledCustomer> rows = GENERATOR.week(3, 800, WeekConditions.healthy());
    byte[] first = ChurnModel.train(rows, TrainingConfig.defaults()).toBytes();
    byte[] again = ChurnModel.train(rows, TrainingConfig.defaults()).toBytes();
    assertThat(again).isEqualTo(first);
    TrainingConfig otherSeed = new TrainingConfig(TrainingConfig.defaults().epochs(),
        TrainingConfig.defaults().learningRate(), TrainingConfig.defaults().seed() + 1);
    assertThat(ChurnModel.train(rows, otherSeed).toBytes()).isNotEqualTo(first);
  }

  @Test
  void anIncompletePackageIsRejectedNamingWhatIsMissing() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("preprocessing.json"));
      zip.write("{}".getBytes());
    }
    assertThatThrownBy(() -> ChurnModel.fromBytes(bytes.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no weights.json");
  }
}
