package dev.pedigree.samples.ml;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Hyperparameters of the churn classifier: logistic regression trained by stochastic gradient
 * descent with AdaGrad.
 *
 * @param epochs passes over the training data
 * @param learningRate AdaGrad's initial learning rate
 * @param seed the seed of the example order
 */
public record TrainingConfig(int epochs, double learningRate, long seed) {
  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if one is out of range
   */
  public TrainingConfig {
    if (epochs < 1 || epochs > 1000) {
      throw new IllegalArgumentException("Cannot train for " + epochs + " epochs: use 1 to 1000");
    }
    if (!(learningRate > 0 && learningRate <= 10)) {
      throw new IllegalArgumentException("Cannot use learning rate " + learningRate + ": use a number in (0, 10]");
    }
  }

  /**
   * Returns the defaults the samples use.
   *
   * @return 10 epochs, learning rate 0.2, seed 7
   */
  public static TrainingConfig defaults() {
    return new TrainingConfig(10, 0.2, 7);
  }

  /**
   * Returns the values as text parameters, for recording in a run or a version.
   *
   * @return ordered names and values
   */
  public Map<String, String> asParams() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("algorithm", "logistic-regression-sgd-adagrad");
    params.put("epochs", Integer.toString(epochs));
    params.put("learning_rate", String.format(Locale.ROOT, "%s", learningRate));
    params.put("seed", Long.toString(seed));
    return params;
  }

  /**
   * Serialises the config as the small JSON document versioned as artifact {@code churn-config}.
   *
   * @return UTF-8 JSON
   */
  public byte[] toJson() {
    return String.format(Locale.ROOT, "{\"epochs\":%d,\"learning_rate\":%s,\"seed\":%d}%n", epochs, learningRate, seed)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Parses the JSON written by {@link #toJson()}.
   *
   * @param json the bytes
   * @return the config
   */
  public static TrainingConfig fromJson(byte[] json) {
    try {
      com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      return new TrainingConfig(node.path("epochs").asInt(), node.path("learning_rate").asDouble(),
          node.path("seed").asLong());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Cannot read training config: " + e.getMessage(), e);
    }
  }
}
