package dev.idtrain.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The bit-exact lane arithmetic against its definitions. */
class ExactLanesTest {
  private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

  @Test
  void theExponentialIsWithinTwoUlpOfMathExpOverTheRangeItServes() {
    float[] x = new float[LANES];
    float[] e = new float[LANES];
    double worst = 0;
    for (int i = 0; i <= 800_000; i += LANES) {
      for (int l = 0; l < LANES; l++) {
        x[l] = -Math.min(i + l, 800_000) / 10_000f;
      }
      ExactLanes.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0))
          .intoArray(e, 0);
      for (int l = 0; l < LANES; l++) {
        float exact = (float) Math.exp(x[l]);
        worst = Math.max(worst, Math.abs(e[l] - exact) / Math.ulp(exact));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(2);
    x[0] = 0;
    ExactLanes.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(e, 0);
    assertThat(e[0]).isEqualTo(1f);
  }

  @Test
  void lanesAreSummedFirstToLast() {
    float[] lanes = new float[LANES];
    lanes[0] = 1f;
    lanes[1] = 1e-8f;
    lanes[LANES - 1] = -1f;
    // Left to right, 1 + 1e-8 rounds to 1 and the sum is 0; other orders keep the 1e-8.
    assertThat(ExactLanes.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, lanes, 0),
        new float[LANES])).isZero();
  }
}
