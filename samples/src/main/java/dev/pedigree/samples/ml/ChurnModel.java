package dev.pedigree.samples.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A trained churn classifier: the feature transformation (standardised numbers, one-hot
 * contract) together with a Tribuo logistic-regression model, so training, evaluation and
 * serving compute features one way.
 *
 * <p>Packaged as a ZIP of three entries: {@code signature.json} (the input signature),
 * {@code preprocessing.json} (the scaling learnt from the training data) and
 * {@code model.tribuo} (the model in Tribuo's protobuf format, its recommended serialisation
 * since 4.3).
 *
 * <pre>{@code
 * ChurnModel model = ChurnModel.train(trainingRows, TrainingConfig.defaults());
 * double p = model.churnProbability(customer);
 * byte[] packaged = model.toBytes();
 * }</pre>
 */
public final class ChurnModel {
  /** The label of customers who leave. */
  public static final String CHURN = "churn";
  /** The label of customers who stay. */
  public static final String STAY = "stay";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FEATURES = {"tenure_z", "charges_z", "support_calls_z", "contract_month_to_month",
      "contract_one_year", "contract_two_year"};
  private static final long ZIP_TIME = 315_532_800_000L; // 1980-01-01: fixed, so packaging adds no time stamp

  /** Tribuo logs two INFO lines per training through java.util.logging; kept here so the setting holds. */
  private static final java.util.logging.Logger TRIBUO_SGD_LOG = java.util.logging.Logger.getLogger("org.tribuo.common.sgd");

  static {
    TRIBUO_SGD_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final Model<Label> model;
  private final Scaling scaling;

  private ChurnModel(Model<Label> model, Scaling scaling) {
    this.model = model;
    this.scaling = scaling;
  }

  /**
   * Trains a model on labelled customers.
   *
   * @param rows the training data (both classes present)
   * @param config the hyperparameters
   * @return the model
   */
  public static ChurnModel train(List<LabelledCustomer> rows, TrainingConfig config) {
    Objects.requireNonNull(config, "config");
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("Cannot train a churn model on no data");
    }
    Scaling scaling = Scaling.fit(rows);
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("churn-features", factory), factory);
    for (LabelledCustomer row : rows) {
      data.add(example(row.customer(), new Label(row.churned() ? CHURN : STAY), scaling));
    }
    LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(config.learningRate(), 0.1),
        config.epochs(), Integer.MAX_VALUE, 1, config.seed());
    return new ChurnModel(trainer.train(data), scaling);
  }

  /**
   * Returns the probability that a customer leaves.
   *
   * @param customer the customer
   * @return a probability, 0 to 1
   */
  public double churnProbability(Customer customer) {
    Prediction<Label> prediction = model.predict(example(customer, LabelFactory.UNKNOWN_LABEL, scaling));
    Label churn = prediction.getOutputScores().get(CHURN);
    return churn == null ? 0 : churn.getScore();
  }

  /**
   * Returns the churn probability of each customer.
   *
   * @param customers the customers
   * @return probabilities in the same order
   */
  public double[] churnProbabilities(List<Customer> customers) {
    List<Example<Label>> examples = new ArrayList<>(customers.size());
    for (Customer c : customers) {
      examples.add(example(c, LabelFactory.UNKNOWN_LABEL, scaling));
    }
    List<Prediction<Label>> predictions = model.predict(examples);
    double[] result = new double[predictions.size()];
    for (int i = 0; i < result.length; i++) {
      Label churn = predictions.get(i).getOutputScores().get(CHURN);
      result[i] = churn == null ? 0 : churn.getScore();
    }
    return result;
  }

  /**
   * Evaluates the model on labelled customers.
   *
   * @param rows the hold-out data (both classes present)
   * @return AUC and log loss
   */
  public Evaluation evaluate(List<LabelledCustomer> rows) {
    double[] p = churnProbabilities(rows.stream().map(LabelledCustomer::customer).toList());
    boolean[] y = new boolean[rows.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = rows.get(i).churned();
    }
    return new Evaluation(Metrics.auc(p, y), Metrics.logLoss(p, y), rows.size());
  }

  /**
   * Returns the input signature: each input field and its type.
   *
   * @return ordered field names and types
   */
  public static Map<String, String> signature() {
    Map<String, String> signature = new LinkedHashMap<>();
    signature.put("tenure_months", "integer >= 0");
    signature.put("monthly_charges", "number >= 0");
    signature.put("contract", "one of month-to-month, one-year, two-year");
    signature.put("support_calls", "integer >= 0");
    return signature;
  }

  /**
   * Packages the model as ZIP bytes.
   *
   * @return the package
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      ObjectNode sig = JSON.createObjectNode();
      sig.put("output", "probability of label '" + CHURN + "'");
      ObjectNode inputs = sig.putObject("inputs");
      signature().forEach(inputs::put);
      put(zip, "signature.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(sig));
      put(zip, "preprocessing.json", JSON.writeValueAsBytes(scaling.toJson()));
      ByteArrayOutputStream modelBytes = new ByteArrayOutputStream();
      model.serializeToStream(modelBytes);
      put(zip, "model.tribuo", modelBytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot package the churn model: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * Loads a packaged model.
   *
   * @param in the package bytes, as written by {@link #toBytes()}
   * @return the model
   * @throws IllegalArgumentException if the package is incomplete or not a churn model
   */
  public static ChurnModel read(InputStream in) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries.put(entry.getName(), zip.readAllBytes());
      }
      for (String required : List.of("preprocessing.json", "model.tribuo")) {
        if (!entries.containsKey(required)) {
          throw new IllegalArgumentException("Cannot load the churn model: the package has no " + required
              + " (entries: " + entries.keySet() + "); package it with ChurnModel.toBytes()");
        }
      }
      Model<?> loaded = Model.deserializeFromStream(new ByteArrayInputStream(entries.get("model.tribuo")));
      Scaling scaling = Scaling.fromJson(JSON.readTree(entries.get("preprocessing.json")));
      return new ChurnModel(loaded.castModel(Label.class), scaling);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load the churn model: " + e.getMessage(), e);
    }
  }

  /**
   * Loads a packaged model from bytes.
   *
   * @param bytes the package
   * @return the model
   */
  public static ChurnModel fromBytes(byte[] bytes) {
    return read(new ByteArrayInputStream(bytes));
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(ZIP_TIME);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  private static ArrayExample<Label> example(Customer c, Label label, Scaling s) {
    double[] values = {
        (c.tenureMonths() - s.tenureMean) / s.tenureStd,
        (c.monthlyCharges() - s.chargesMean) / s.chargesStd,
        (c.supportCalls() - s.callsMean) / s.callsStd,
        c.contract() == Contract.MONTH_TO_MONTH ? 1 : 0,
        c.contract() == Contract.ONE_YEAR ? 1 : 0,
        c.contract() == Contract.TWO_YEAR ? 1 : 0};
    return new ArrayExample<>(label, FEATURES, values);
  }

  /** The standardisation learnt from training data. */
  private static final class Scaling {
    final double tenureMean;
    final double tenureStd;
    final double chargesMean;
    final double chargesStd;
    final double callsMean;
    final double callsStd;

    Scaling(double tenureMean, double tenureStd, double chargesMean, double chargesStd, double callsMean, double callsStd) {
      this.tenureMean = tenureMean;
      this.tenureStd = tenureStd;
      this.chargesMean = chargesMean;
      this.chargesStd = chargesStd;
      this.callsMean = callsMean;
      this.callsStd = callsStd;
    }

    static Scaling fit(List<LabelledCustomer> rows) {
      double[] t = rows.stream().mapToDouble(r -> r.customer().tenureMonths()).toArray();
      double[] m = rows.stream().mapToDouble(r -> r.customer().monthlyCharges()).toArray();
      double[] k = rows.stream().mapToDouble(r -> r.customer().supportCalls()).toArray();
      return new Scaling(mean(t), std(t), mean(m), std(m), mean(k), std(k));
    }

    private static double mean(double[] v) {
      double sum = 0;
      for (double x : v) {
        sum += x;
      }
      return sum / v.length;
    }

    private static double std(double[] v) {
      double mean = mean(v);
      double sum = 0;
      for (double x : v) {
        sum += (x - mean) * (x - mean);
      }
      double std = Math.sqrt(sum / v.length);
      return std > 1e-9 ? std : 1;
    }

    ObjectNode toJson() {
      ObjectNode node = JSON.createObjectNode();
      node.put("tenure_mean", tenureMean).put("tenure_std", tenureStd);
      node.put("charges_mean", chargesMean).put("charges_std", chargesStd);
      node.put("calls_mean", callsMean).put("calls_std", callsStd);
      return node;
    }

    static Scaling fromJson(JsonNode n) {
      return new Scaling(n.path("tenure_mean").asDouble(), n.path("tenure_std").asDouble(1),
          n.path("charges_mean").asDouble(), n.path("charges_std").asDouble(1), n.path("calls_mean").asDouble(),
          n.path("calls_std").asDouble(1));
    }
  }
}
