package dev.idtrain.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {
  @Test
  void withinTwoPointsEitherSideReproduces() {
    assertThat(Verdict.of(0.979, 0.998, 0.05, Double.NaN)).isEqualTo("within 2 points");
    assertThat(Verdict.of(0.99, 0.972, 0, Double.NaN)).isEqualTo("within 2 points");
    assertThat(Verdict.of(0.97, 0.998, 0, Double.NaN)).isEqualTo("2.8 points below");
    assertThat(Verdict.of(0.70, 0.655, 0, Double.NaN)).isEqualTo("4.5 points above");
  }

  @Test
  void aPointStillRisingByMoreThanOnePointIsNotConvergedYet() {
    assertThat(Verdict.of(0.90, 0.998, 0.011, Double.NaN)).isEqualTo("not converged yet");
    assertThat(Verdict.of(0.90, 0.998, 0.009, Double.NaN)).isEqualTo("9.8 points below");
    assertThat(Verdict.of(0.90, 0.998, Double.NaN, Double.NaN)).as("too short to tell").isEqualTo("not converged yet");
    assertThat(Verdict.of(0.90, Double.NaN, 0.02, Double.NaN)).isEqualTo("not converged yet");
  }

  @Test
  void aSeedTrainedTwiceAsLongDecidesWhetherAPointConverged() {
    assertThat(Verdict.of(0.90, 0.998, 0.02, 0.004)).as("rising, but moved 0.4 at 2x")
        .isEqualTo("9.8 points below");
    assertThat(Verdict.of(0.90, 0.998, 0, -0.006)).isEqualTo("not converged: -0.60 points at twice the budget");
    assertThat(Verdict.of(0.99, 0.998, 0, 0.005)).as("within 2 points, yet moved 0.5")
        .isEqualTo("not converged: +0.50 points at twice the budget");
    assertThat(Verdict.of(0.90, Double.NaN, 0.02, 0.001)).isEqualTo("no paper figure");
  }

  @Test
  void withoutAPaperFigureThereIsNothingToCompare() {
    assertThat(Verdict.of(0.90, Double.NaN, 0, Double.NaN)).isEqualTo("no paper figure");
  }
}
