package dev.pedigree.samples.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A trained churn classifier: the feature transformation (standardised numbers, one-hot
 * contract) together with a logistic-regression model trained with Tribuo, so training,
 * evaluation and serving compute features one way.
 *
 * <p>Packaged as a ZIP of three entries: {@code signature.json} (the input signature),
 * {@code preprocessing.json} (the scaling learnt from the training data) and
 * {@code weights.json} (each label's feature weights and bias). The package holds only what
 * scoring needs, never a training time stamp (Tribuo's own format records one in the model's
 * provenance), so the same data, config and seed package to the same bytes: a model version can
 * be reproduced bit for bit and proven so.
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
  private static final String WEIGHTS = "weights.json";
  private static final long ZIP_TIME = 315_532_800_000L; // 1980-01-01: fixed, so packaging adds no time stamp

  /** Tribuo logs two INFO lines per training through java.util.logging; kept here so the setting holds. */
  private static final java.util.logging.Logger TRIBUO_SGD_LOG = java.util.logging.Logger.getLogger("org.tribuo.common.sgd");

  static {
    TRIBUO_SGD_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private static final String[] LABELS = {CHURN, STAY};

  /** Per label (in {@link #LABELS} order), the weight of each of {@link #FEATURES} then the bias. */
  private final double[][] weights;
  private final Scaling scaling;

  private ChurnModel(double[][] weights, Scaling scaling) {
    this.weights = weights;
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
    return new ChurnModel(weightsOf(trainer.train(data)), scaling);
  }

  /** Reads each label's weights out of Tribuo's model: one row per label, the bias in the last column. */
  private static double[][] weightsOf(LinearSGDModel trained) {
    DenseMatrix matrix = trained.getWeightsCopy();
    ImmutableFeatureMap features = trained.getFeatureIDMap();
    ImmutableOutputInfo<Label> labels = trained.getOutputIDInfo();
    double[][] weights = new double[LABELS.length][FEATURES.length + 1];
    for (int l = 0; l < LABELS.length; l++) {
      int row = labels.getID(new Label(LABELS[l]));
      if (row < 0) {
        throw new IllegalArgumentException("Cannot train a churn model: the training data has no customer labelled '"
            + LABELS[l] + "'; both outcomes must be present");
      }
      for (int f = 0; f < FEATURES.length; f++) {
        int column = features.getID(FEATURES[f]);
        weights[l][f] = column < 0 ? 0 : matrix.get(row, column);
      }
      weights[l][FEATURES.length] = matrix.get(row, matrix.getDimension2Size() - 1);
    }
    return weights;
  }

  /**
   * Returns the probability that a customer leaves.
   *
   * @param customer the customer
   * @return a probability, 0 to 1
   */
  public double churnProbability(Customer customer) {
    double[] x = features(customer, scaling);
    // Softmax over the two labels' scores, as Tribuo's multiclass logistic model scores them.
    double churn = score(weights[0], x);
    double stay = score(weights[1], x);
    double max = Math.max(churn, stay);
    double e = Math.exp(churn - max);
    return e / (e + Math.exp(stay - max));
  }

  private static double score(double[] w, double[] x) {
    double sum = w[x.length];
    for (int i = 0; i < x.length; i++) {
      sum += w[i] * x[i];
    }
    return sum;
  }

  /**
   * Returns the churn probability of each customer.
   *
   * @param customers the customers
   * @return probabilities in the same order
   */
  public double[] churnProbabilities(List<Customer> customers) {
    double[] result = new double[customers.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = churnProbability(customers.get(i));
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
      ObjectNode model = JSON.createObjectNode();
      model.put("kind", "multinomial logistic regression");
      ArrayNode names = model.putArray("features");
      for (String feature : FEATURES) {
        names.add(feature);
      }
      names.add("bias");
      ObjectNode byLabel = model.putObject("weights");
      for (int l = 0; l < LABELS.length; l++) {
        ArrayNode row = byLabel.putArray(LABELS[l]);
        for (double w : weights[l]) {
          row.add(w);
        }
      }
      put(zip, WEIGHTS, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(model));
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
      for (String required : List.of("preprocessing.json", WEIGHTS)) {
        if (!entries.containsKey(required)) {
          throw new IllegalArgumentException("Cannot load the churn model: the package has no " + required
              + " (entries: " + entries.keySet() + "); package it with ChurnModel.toBytes()");
        }
      }
      Scaling scaling = Scaling.fromJson(JSON.readTree(entries.get("preprocessing.json")));
      return new ChurnModel(weightsFromJson(JSON.readTree(entries.get(WEIGHTS))), scaling);
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

  private static double[][] weightsFromJson(JsonNode model) {
    double[][] weights = new double[LABELS.length][FEATURES.length + 1];
    for (int l = 0; l < LABELS.length; l++) {
      JsonNode row = model.path("weights").path(LABELS[l]);
      if (!row.isArray() || row.size() != FEATURES.length + 1) {
        throw new IllegalArgumentException("Cannot load the churn model: " + WEIGHTS + " has no " + (FEATURES.length + 1)
            + " weights for label '" + LABELS[l] + "'; package it with ChurnModel.toBytes()");
      }
      for (int f = 0; f <= FEATURES.length; f++) {
        if (!row.get(f).isNumber()) {
          throw new IllegalArgumentException("Cannot load the churn model: weight " + f + " of label '" + LABELS[l]
              + "' in " + WEIGHTS + " is not a number");
        }
        weights[l][f] = row.get(f).asDouble();
      }
    }
    return weights;
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(ZIP_TIME);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  private static ArrayExample<Label> example(Customer c, Label label, Scaling s) {
    return new ArrayExample<>(label, FEATURES, features(c, s));
  }

  private static double[] features(Customer c, Scaling s) {
    return new double[] {
        (c.tenureMonths() - s.tenureMean) / s.tenureStd,
        (c.monthlyCharges() - s.chargesMean) / s.chargesStd,
        (c.supportCalls() - s.callsMean) / s.callsStd,
        c.contract() == Contract.MONTH_TO_MONTH ? 1 : 0,
        c.contract() == Contract.ONE_YEAR ? 1 : 0,
        c.contract() == Contract.TWO_YEAR ? 1 : 0};
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
