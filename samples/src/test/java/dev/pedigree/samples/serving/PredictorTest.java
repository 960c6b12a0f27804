package dev.pedigree.samples.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.samples.ml.Contract;
import dev.pedigree.samples.ml.Customer;
import dev.pedigree.samples.ml.TrainingConfig;
import dev.pedigree.samples.ml.WeekConditions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unit tests of the prediction function the service exposes. */
class PredictorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Predictor predictor;

  @BeforeAll
  static void train() {
    ChurnModel model = ChurnModel.train(new ChurnDataGenerator(3).week(1, 1500, WeekConditions.healthy()),
        TrainingConfig.defaults());
    predictor = new Predictor(model, "serving-model:7");
  }

  private static JsonNode request(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void answersAProbabilityAndTheVersionThatServed() throws Exception {
    PredictionResult result = predictor.predict(request("{\"customer_id\":\"c-1\",\"tenure_months\":2,"
        + "\"monthly_charges\":99.5,\"contract\":\"month-to-month\",\"support_calls\":4}"));
    assertThat(result.customerId()).isEqualTo("c-1");
    assertThat(result.churnProbability()).isBetween(0.0, 1.0);
    assertThat(result.churn()).isEqualTo(result.churnProbability() >= Predictor.THRESHOLD);
    assertThat(result.modelVersion()).isEqualTo("serving-model:7");
  }

  @Test
  void aCustomerWithEveryRiskFactorIsFlaggedAndALoyalOneIsNot() throws Exception {
    PredictionResult risky = predictor.predict(request("{\"tenure_months\":1,\"monthly_charges\":115,"
        + "\"contract\":\"month-to-month\",\"support_calls\":7}"));
    PredictionResult loyal = predictor.predict(request("{\"tenure_months\":70,\"monthly_charges\":25,"
        + "\"contract\":\"two-year\",\"support_calls\":0}"));
    assertThat(risky.churn()).isTrue();
    assertThat(loyal.churn()).isFalse();
    assertThat(risky.churnProbability()).isGreaterThan(loyal.churnProbability() + 0.5);
  }

  @Test
  void moreSupportCallsNeverLowerTheRisk() throws Exception {
    double previous = -1;
    for (int calls = 0; calls <= 8; calls++) {
      double p = predictor.predict(request("{\"tenure_months\":12,\"monthly_charges\":70,\"contract\":\"one-year\","
          + "\"support_calls\":" + calls + "}")).churnProbability();
      assertThat(p).isGreaterThanOrEqualTo(previous);
      previous = p;
    }
  }

  @Test
  void readsTheInputSignatureIntoACustomer() throws Exception {
    Customer customer = Predictor.toCustomer(request("{\"customer_id\":\"x\",\"tenure_months\":5,"
        + "\"monthly_charges\":42.25,\"contract\":\"One-Year\",\"support_calls\":1}"));
    assertThat(customer).isEqualTo(new Customer("x", 5, 42.25, Contract.ONE_YEAR, 1));
  }

  @Test
  void rejectsRequestsThatDoNotFitTheSignatureNamingTheField() {
    assertThatThrownBy(() -> predictor.predict(request("{\"monthly_charges\":70,\"contract\":\"one-year\","
        + "\"support_calls\":1}"))).hasMessageContaining("'tenure_months' is missing");
    assertThatThrownBy(() -> predictor.predict(request("{\"tenure_months\":-3,\"monthly_charges\":70,"
        + "\"contract\":\"one-year\",\"support_calls\":1}"))).hasMessageContaining("'tenure_months' is -3");
    assertThatThrownBy(() -> predictor.predict(request("{\"tenure_months\":3,\"monthly_charges\":\"lots\","
        + "\"contract\":\"one-year\",\"support_calls\":1}"))).hasMessageContaining("'monthly_charges'");
    assertThatThrownBy(() -> predictor.predict(request("{\"tenure_months\":3,\"monthly_charges\":70,"
        + "\"contract\":\"weekly\",\"support_calls\":1}"))).hasMessageContaining("'contract' is 'weekly'");
    assertThatThrownBy(() -> predictor.predict(request("[1,2]"))).hasMessageContaining("must be a JSON object");
  }
}
