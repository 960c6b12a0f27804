package dev.pedigree.samples.ml;

import java.util.Arrays;
import java.util.Comparator;

/** Evaluation measures of a binary classifier's scores. */
public final class Metrics {
  private static final double CLIP = 1e-15;

  private Metrics() {
  }

  /**
   * Returns the area under the ROC curve: the chance that a random positive scores above a
   * random negative, ties counting half (the Mann–Whitney statistic, by ranks).
   *
   * @param scores the scores, higher meaning more likely positive
   * @param positive the true classes, in the same order
   * @return the AUC, 0 to 1
   * @throws IllegalArgumentException if the arrays differ in length or one class is missing
   */
  public static double auc(double[] scores, boolean[] positive) {
    checkLengths(scores, positive);
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
      throw new IllegalArgumentException("Cannot compute AUC: the data holds " + positives + " positives and "
          + negatives + " negatives; it needs both classes");
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Returns the mean log loss (cross-entropy) of predicted probabilities, each clipped to
   * [1e-15, 1 - 1e-15].
   *
   * @param probabilities the predicted probabilities of the positive class
   * @param positive the true classes, in the same order
   * @return the log loss, 0 or more (lower is better)
   */
  public static double logLoss(double[] probabilities, boolean[] positive) {
    checkLengths(probabilities, positive);
    if (probabilities.length == 0) {
      throw new IllegalArgumentException("Cannot compute log loss of no predictions");
    }
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = Math.min(1 - CLIP, Math.max(CLIP, probabilities[i]));
      sum -= positive[i] ? Math.log(p) : Math.log(1 - p);
    }
    return sum / probabilities.length;
  }

  private static void checkLengths(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException("Cannot evaluate " + scores.length + " scores against " + positive.length
          + " outcomes: give one outcome per score");
    }
  }
}
