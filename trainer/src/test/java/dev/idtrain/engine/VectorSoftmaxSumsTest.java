package dev.idtrain.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The vector softmax's own arithmetic: its exponential, and sums that do not depend on the JIT. */
class VectorSoftmaxSumsTest {
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
      VectorSoftmaxSums.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0))
          .intoArray(e, 0);
      for (int l = 0; l < LANES; l++) {
        float exact = (float) Math.exp(x[l]);
        worst = Math.max(worst, Math.abs(e[l] - exact) / Math.ulp(exact));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(2);
    x[0] = 0;
    VectorSoftmaxSums.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(e, 0);
    assertThat(e[0]).isEqualTo(1f);
  }

  @Test
  void lanesAreSummedFirstToLast() {
    float[] lanes = new float[LANES];
    lanes[0] = 1f;
    lanes[1] = 1e-8f;
    lanes[LANES - 1] = -1f;
    // Left to right, 1 + 1e-8 rounds to 1 and the sum is 0; other orders keep the 1e-8.
    assertThat(VectorSoftmaxSums.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, lanes, 0),
        new float[LANES])).isZero();
  }

  /**
   * The same inputs give the same bits when the sums' loops are interpreted (the first call) and
   * once the JIT has compiled them (after thousands of calls): a run's trajectory must not
   * depend on when that happened.
   */
  @Test
  void theSumsAreTheSameBitsBeforeAndAfterTheJitCompilesThem() {
    Random random = new Random(7);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu());
        VectorSoftmaxSums softmax = new VectorSoftmaxSums(1)) {
      NDArray s = manager.create(gaussian(random, 62 * 6, 3), new Shape(62, 6));
      NDArray u = manager.create(gaussian(random, 301 * 6, 1), new Shape(301, 6));
      List<float[]> cold = outputs(softmax.of(s, u, manager));
      for (int i = 0; i < 3000; i++) {
        try (NDManager step = manager.newSubManager()) {
          softmax.of(s, u, step);
        }
      }
      List<float[]> warm = outputs(softmax.of(s, u, manager));
      for (int i = 0; i < cold.size(); i++) {
        assertThat(bits(warm.get(i))).as("output %d", i).containsExactly(bits(cold.get(i)));
      }
    }
  }

  private static float[] gaussian(Random random, int n, double scale) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * scale);
    }
    return values;
  }

  private static List<float[]> outputs(SoftmaxSums.Sums sums) {
    return new ArrayList<>(List.of(sums.lse().toFloatArray(), sums.pu().toFloatArray(),
        sums.pts().toFloatArray()));
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
