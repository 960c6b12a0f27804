package dev.pedigree.samples.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.samples.ml.Contract;
import dev.pedigree.samples.ml.Customer;
import java.util.Objects;

/**
 * The prediction function the service exposes: a JSON request in, a churn probability and
 * decision out. Requests carry the model's input signature: {@code tenure_months},
 * {@code monthly_charges}, {@code contract} and {@code support_calls}; an optional
 * {@code customer_id} is echoed.
 */
public final class Predictor {
  /** Probabilities at or above this are reported as {@code "churn": true}. */
  public static final double THRESHOLD = 0.5;

  private final ChurnModel model;
  private final String version;

  /**
   * Wraps a model.
   *
   * @param model the model
   * @param version the version it was loaded from, reported with each prediction
   */
  public Predictor(ChurnModel model, String version) {
    this.model = Objects.requireNonNull(model, "model");
    this.version = Objects.requireNonNull(version, "version");
  }

  /**
   * Returns the version reported with predictions.
   *
   * @return such as {@code serving-model:3}
   */
  public String version() {
    return version;
  }

  /**
   * Predicts for one request.
   *
   * @param request the JSON request object
   * @return the prediction
   * @throws IllegalArgumentException naming the offending field when the request does not fit
   *     the input signature
   */
  public PredictionResult predict(JsonNode request) {
    Customer customer = toCustomer(request);
    double p = model.churnProbability(customer);
    return new PredictionResult(customer.id(), p, p >= THRESHOLD, version);
  }

  /**
   * Reads a request into a customer, checking it against the input signature.
   *
   * @param request the JSON object
   * @return the customer
   * @throws IllegalArgumentException naming the offending field
   */
  public static Customer toCustomer(JsonNode request) {
    if (request == null || !request.isObject()) {
      throw new IllegalArgumentException("Cannot predict: the request must be a JSON object with fields "
          + ChurnModel.signature().keySet());
    }
    String id = request.hasNonNull("customer_id") ? request.get("customer_id").asText() : "request";
    int tenure = integer(request, "tenure_months");
    double charges = number(request, "monthly_charges");
    JsonNode contract = request.get("contract");
    if (contract == null || !contract.isTextual()) {
      throw new IllegalArgumentException("Cannot predict: field 'contract' is missing or not a string;"
          + " give one of month-to-month, one-year, two-year");
    }
    int calls = integer(request, "support_calls");
    Contract parsed;
    try {
      parsed = Contract.ofCode(contract.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot predict: field 'contract' is '" + contract.asText()
          + "'; give one of month-to-month, one-year, two-year", e);
    }
    return new Customer(id, tenure, charges, parsed, calls);
  }

  private static int integer(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new IllegalArgumentException("Cannot predict: field '" + field + "' is missing or not an integer");
    }
    if (node.asInt() < 0) {
      throw new IllegalArgumentException("Cannot predict: field '" + field + "' is " + node.asInt()
          + "; it must be 0 or more");
    }
    return node.asInt();
  }

  private static double number(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || !node.isNumber()) {
      throw new IllegalArgumentException("Cannot predict: field '" + field + "' is missing or not a number");
    }
    if (!(node.asDouble() >= 0) || Double.isInfinite(node.asDouble())) {
      throw new IllegalArgumentException("Cannot predict: field '" + field + "' is " + node.asDouble()
          + "; it must be a finite number, 0 or more");
    }
    return node.asDouble();
  }
}
