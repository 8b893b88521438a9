package dev.idtrain.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * The encoder f of DESIGN §2.2: d -> 10d -> 50d x (H-2) -> 10d -> d, every hidden Linear
 * followed by BatchNorm and LeakyReLU(0.01); optionally projected onto the unit sphere.
 */
public final class Encoder {
  private static final float SLOPE = 0.01f;

  private Encoder() {}

  public static SequentialBlock build(int dim, int hiddenLayers, boolean normalizeFeatures) {
    SequentialBlock f = new SequentialBlock();
    for (int layer = 0; layer < hiddenLayers; layer++) {
      boolean outer = layer == 0 || layer == hiddenLayers - 1;
      f.add(Linear.builder().setUnits(outer ? 10L * dim : 50L * dim).build());
      f.add(BatchNorm.builder().build());
      f.add(Activation.leakyReluBlock(SLOPE));
    }
    f.add(Linear.builder().setUnits(dim).build());
    if (normalizeFeatures) {
      f.add(new LambdaBlock(Encoder::unitNorm, "unitNorm"));
    }
    f.setInitializer(new FanInUniform(), Parameter.Type.WEIGHT);
    return f;
  }

  static NDList unitNorm(NDList features) {
    return new NDList(unitRows(features.singletonOrThrow()));
  }

  /** Rows divided by their L2 norm (eps keeps a zero row finite). */
  static NDArray unitRows(NDArray rows) {
    return rows.div(rows.norm(new int[] {1}, true).add(1e-12f));
  }
}
