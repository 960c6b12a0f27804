package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidSampleException;
import dev.pedigree.serving.ShadowObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What a shadow run recorded, paired request by request: production's and the candidate's
 * decisions (labels) and/or scores, their latencies, and how often the candidate failed. A
 * {@link ShadowCheck} judges it.
 *
 * <pre>{@code
 * ShadowSamples samples = ShadowSamples.of(runner.observations(),
 *     p -> p >= 0.5 ? "churn" : "stay",   // the decision each side would have served
 *     p -> p);                            // the score
 * }</pre>
 */
public final class ShadowSamples {
  private final List<String> productionLabels;
  private final List<String> candidateLabels;
  private final double[] productionScores;
  private final double[] candidateScores;
  private final double[] productionLatencyMillis;
  private final double[] candidateLatencyMillis;
  private final long candidateErrors;

  private ShadowSamples(List<String> pl, List<String> cl, double[] ps, double[] cs, double[] plat, double[] clat,
      long errors) {
    this.productionLabels = List.copyOf(pl);
    this.candidateLabels = List.copyOf(cl);
    this.productionScores = ps.clone();
    this.candidateScores = cs.clone();
    this.productionLatencyMillis = plat.clone();
    this.candidateLatencyMillis = clat.clone();
    this.candidateErrors = errors;
    if (pl.size() != cl.size() || ps.length != cs.length || plat.length != clat.length) {
      throw new InvalidSampleException("candidate", "Cannot pair shadow samples: production has " + pl.size() + " labels, "
          + ps.length + " scores and " + plat.length + " latencies, the candidate " + cl.size() + ", " + cs.length
          + " and " + clat.length + "; record both sides of every request");
    }
  }

  /**
   * Pairs a shadow runner's observations; a request the candidate failed on counts as a
   * candidate error and is left out of the pairs.
   *
   * @param observations the runner's observations
   * @param decision the decision an answer stands for, or {@code null} when only scores are compared
   * @param score the score of an answer, or {@code null} when only decisions are compared
   * @param <O> the answer type
   * @return the samples
   */
  public static <O> ShadowSamples of(List<ShadowObservation<O>> observations, Function<O, String> decision,
      ToDoubleFunction<O> score) {
    List<String> pl = new ArrayList<>();
    List<String> cl = new ArrayList<>();
    List<double[]> pairs = new ArrayList<>();
    List<double[]> latencies = new ArrayList<>();
    long errors = 0;
    for (ShadowObservation<O> o : observations) {
      if (o.candidate().isEmpty()) {
        errors++;
        continue;
      }
      O c = o.candidate().get();
      if (decision != null) {
        pl.add(Objects.requireNonNull(decision.apply(o.production()), "decision"));
        cl.add(Objects.requireNonNull(decision.apply(c), "decision"));
      }
      if (score != null) {
        pairs.add(new double[] {score.applyAsDouble(o.production()), score.applyAsDouble(c)});
      }
      latencies.add(new double[] {o.productionLatency().toNanos() / 1e6, o.candidateLatency().toNanos() / 1e6});
    }
    return new ShadowSamples(pl, cl, column(pairs, 0), column(pairs, 1), column(latencies, 0), column(latencies, 1),
        errors);
  }

  /**
   * Returns samples of decisions only.
   *
   * @param production production's decisions
   * @param candidate the candidate's decisions on the same requests, in the same order
   * @return the samples
   */
  public static ShadowSamples labels(List<String> production, List<String> candidate) {
    return new ShadowSamples(production, candidate, new double[0], new double[0], new double[0], new double[0], 0);
  }

  /**
   * Returns samples of scores only.
   *
   * @param production production's scores
   * @param candidate the candidate's scores on the same requests, in the same order
   * @return the samples
   */
  public static ShadowSamples scores(double[] production, double[] candidate) {
    return new ShadowSamples(List.of(), List.of(), production, candidate, new double[0], new double[0], 0);
  }

  /**
   * Returns a copy with latencies.
   *
   * @param production production's latencies in milliseconds
   * @param candidate the candidate's, for the same requests
   * @return the copy
   */
  public ShadowSamples withLatenciesMillis(double[] production, double[] candidate) {
    return new ShadowSamples(productionLabels, candidateLabels, productionScores, candidateScores, production, candidate,
        candidateErrors);
  }

  /**
   * Returns production's decisions.
   *
   * @return the labels
   */
  public List<String> productionLabels() {
    return productionLabels;
  }

  /**
   * Returns the candidate's decisions.
   *
   * @return the labels
   */
  public List<String> candidateLabels() {
    return candidateLabels;
  }

  /**
   * Returns production's scores.
   *
   * @return a copy
   */
  public double[] productionScores() {
    return productionScores.clone();
  }

  /**
   * Returns the candidate's scores.
   *
   * @return a copy
   */
  public double[] candidateScores() {
    return candidateScores.clone();
  }

  /**
   * Returns production's latencies in milliseconds.
   *
   * @return a copy
   */
  public double[] productionLatencyMillis() {
    return productionLatencyMillis.clone();
  }

  /**
   * Returns the candidate's latencies in milliseconds.
   *
   * @return a copy
   */
  public double[] candidateLatencyMillis() {
    return candidateLatencyMillis.clone();
  }

  /**
   * Returns how many mirrored requests the candidate failed on.
   *
   * @return the count
   */
  public long candidateErrors() {
    return candidateErrors;
  }

  private static double[] column(List<double[]> rows, int index) {
    double[] values = new double[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rows.get(i)[index];
    }
    return values;
  }
}
