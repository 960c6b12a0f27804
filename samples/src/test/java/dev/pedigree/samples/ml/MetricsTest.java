package dev.pedigree.samples.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.exceptions.InvalidSampleException;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void aucIsOneForAPerfectRankingAndZeroForAReversedOne() {
    boolean[] y = {false, false, true, true};
    assertThat(Metrics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, y)).isEqualTo(1.0);
    assertThat(Metrics.auc(new double[] {0.9, 0.8, 0.2, 0.1}, y)).isEqualTo(0.0);
  }

  @Test
  void aucCountsEachMisorderedPairAndTiesAsHalf() {
    // Pairs (positive, negative): (0.35 vs 0.1) ok, (0.35 vs 0.4) wrong, (0.8 vs both) ok → 3 of 4.
    assertThat(Metrics.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}))
        .isEqualTo(0.75);
    // Every score equal: every pair is a tie.
    assertThat(Metrics.auc(new double[] {0.5, 0.5, 0.5}, new boolean[] {true, false, false})).isEqualTo(0.5);
  }

  @Test
  void aucNeedsBothClasses() {
    assertThatThrownBy(() -> Metrics.auc(new double[] {0.1, 0.2}, new boolean[] {true, true}))
        .isInstanceOf(InvalidSampleException.class).hasMessageContaining("needs both classes");
  }

  @Test
  void logLossMatchesTheDefinitionAndClipsCertainMistakes() {
    double expected = -(Math.log(0.9) + Math.log(1 - 0.2)) / 2;
    assertThat(Metrics.logLoss(new double[] {0.9, 0.2}, new boolean[] {true, false})).isCloseTo(expected, within(1e-12));
    // Reference: scikit-learn's log_loss with eps="auto" clips to numpy.finfo(float64).eps = 2.220446049250313e-16,
    // so a certain mistake costs -ln(2.220446049250313e-16) = 36.04365338911715.
    assertThat(Metrics.EPSILON).isEqualTo(2.220446049250313e-16);
    assertThat(Metrics.logLoss(new double[] {0.0}, new boolean[] {true})).isCloseTo(36.04365338911715, within(1e-12));
    assertThat(Metrics.logLoss(new double[] {1.0}, new boolean[] {false}))
        .isCloseTo(-Math.log(1 - (1 - 2.220446049250313e-16)), within(1e-9));
  }

  @Test
  void nanAndProbabilitiesOutsideZeroToOneAreRefused() {
    assertThatThrownBy(() -> Metrics.logLoss(new double[] {0.5, Double.NaN}, new boolean[] {true, false}))
        .isInstanceOf(InvalidSampleException.class)
        .hasMessage("Cannot compute log loss: probability 1 is NaN, not a number from 0 to 1; fix the model's output or"
            + " drop failed predictions");
    assertThatThrownBy(() -> Metrics.auc(new double[] {0.5, 1.2}, new boolean[] {true, false}))
        .isInstanceOf(InvalidSampleException.class).hasMessageStartingWith("Cannot compute AUC: probability 1 is 1.2");
    assertThatThrownBy(() -> Metrics.logLoss(new double[] {-0.1}, new boolean[] {true}))
        .isInstanceOf(InvalidSampleException.class);
  }

  @Test
  void lengthsMustMatch() {
    assertThatThrownBy(() -> Metrics.logLoss(new double[] {0.1}, new boolean[] {true, false}))
        .hasMessageContaining("1 scores against 2 outcomes");
  }
}
