package dev.pedigree.samples.ml;

import dev.pedigree.exceptions.InvalidSampleException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Evaluation measures of a binary classifier's scores, defined as scikit-learn's
 * {@code roc_auc_score} and {@code log_loss} are: both refuse NaN and probabilities outside
 * [0, 1] with an {@link InvalidSampleException}, and log loss clips probabilities to
 * {@code [eps, 1 - eps]} with {@code eps} the double's machine epsilon (2.220446049250313e-16),
 * as scikit-learn's {@code eps="auto"} does ({@code numpy.finfo(float64).eps}).
 */
public final class Metrics {
  /** The clipping bound of log loss: machine epsilon of a double, {@code Math.ulp(1.0)}. */
  public static final double EPSILON = Math.ulp(1.0);

  private Metrics() {
  }

  /**
   * Returns the area under the ROC curve: the chance that a random positive scores above a
   * random negative, ties counting half (the Mann–Whitney statistic, by ranks).
   *
   * @param scores the scores, higher meaning more likely positive
   * @param positive the true classes, in the same order
   * @return the AUC, 0 to 1
   * @throws InvalidSampleException if the arrays differ in length, a score is NaN or outside [0, 1],
   *     or one class is missing
   */
  public static double auc(double[] scores, boolean[] positive) {
    checkProbabilities("AUC", scores, positive);
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new InvalidSampleException("outcomes", "Cannot compute AUC: the data holds " + positives + " positives and "
          + negatives + " negatives; it needs both classes");
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Returns the mean log loss (cross-entropy) of predicted probabilities, each clipped to
   * [{@link #EPSILON}, 1 - {@link #EPSILON}].
   *
   * @param probabilities the predicted probabilities of the positive class, each in [0, 1]
   * @param positive the true classes, in the same order
   * @return the log loss, 0 or more (lower is better)
   * @throws InvalidSampleException if there are none, the lengths differ, or a probability is NaN
   *     or outside [0, 1]
   */
  public static double logLoss(double[] probabilities, boolean[] positive) {
    checkProbabilities("log loss", probabilities, positive);
    if (probabilities.length == 0) {
      throw new InvalidSampleException("probabilities", "Cannot compute log loss of no predictions; score some first");
    }
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i]));
      sum -= positive[i] ? Math.log(p) : Math.log(1 - p);
    }
    return sum / probabilities.length;
  }

  private static void checkProbabilities(String what, double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new InvalidSampleException("outcomes", "Cannot evaluate " + scores.length + " scores against "
          + positive.length + " outcomes: give one outcome per score");
    }
    for (int i = 0; i < scores.length; i++) {
      if (!(scores[i] >= 0 && scores[i] <= 1)) {
        throw new InvalidSampleException("probabilities", "Cannot compute " + what + ": probability " + i + " is "
            + scores[i] + ", not a number from 0 to 1; fix the model's output or drop failed predictions");
      }
    }
  }
}
