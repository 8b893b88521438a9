package dev.idtrain.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {
  @Test
  void withinTwoPointsEitherSideReproduces() {
    assertThat(Verdict.of(0.979, 0.998, 0.05)).isEqualTo("within 2 points");
    assertThat(Verdict.of(0.99, 0.972, 0)).isEqualTo("within 2 points");
    assertThat(Verdict.of(0.97, 0.998, 0)).isEqualTo("2.8 points below");
    assertThat(Verdict.of(0.70, 0.655, 0)).isEqualTo("4.5 points above");
  }

  @Test
  void aPointStillRisingByMoreThanOnePointIsNotConvergedYet() {
    assertThat(Verdict.of(0.90, 0.998, 0.011)).isEqualTo("not converged yet");
    assertThat(Verdict.of(0.90, 0.998, 0.009)).isEqualTo("9.8 points below");
    assertThat(Verdict.of(0.90, 0.998, Double.NaN)).as("too short to tell").isEqualTo("not converged yet");
    assertThat(Verdict.of(0.90, Double.NaN, 0.02)).isEqualTo("not converged yet");
  }

  @Test
  void withoutAPaperFigureThereIsNothingToCompare() {
    assertThat(Verdict.of(0.90, Double.NaN, 0)).isEqualTo("no paper figure");
  }
}
