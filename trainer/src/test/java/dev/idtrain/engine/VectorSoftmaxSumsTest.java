package dev.idtrain.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector softmax's sums do not depend on the JIT. */
class VectorSoftmaxSumsTest {
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
