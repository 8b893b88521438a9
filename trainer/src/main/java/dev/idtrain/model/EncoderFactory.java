package dev.idtrain.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import dev.idtrain.config.Architecture;
import java.util.List;

/**
 * The encoder f (docs/SCIENCE.md): d -> 10d -> 50d x (H-2) -> 10d -> d ({@link Architecture}),
 * every hidden Linear followed by BatchNorm and LeakyReLU(0.01); optionally projected onto the
 * unit sphere.
 */
public final class EncoderFactory {
  private static final float SLOPE = 0.01f;

  private EncoderFactory() {}

  public static SequentialBlock build(int dim, int hiddenLayers, boolean normalizeFeatures) {
    SequentialBlock f = new SequentialBlock();
    List<Long> widths = Architecture.encoderWidths(dim, hiddenLayers);
    for (int layer = 1; layer < widths.size() - 1; layer++) {
      f.add(linear(widths.get(layer - 1), widths.get(layer)));
      f.add(BatchNorm.builder().build());
      f.add(Activation.leakyReluBlock(SLOPE));
    }
    f.add(linear(widths.get(widths.size() - 2), dim));
    if (normalizeFeatures) {
      f.add(new LambdaBlock(EncoderFactory::unitNorm, "unitNorm"));
    }
    return f;
  }

  /**
   * A Linear layer initialised as PyTorch's nn.Linear, which the reference trains with: weight
   * and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
   */
  static Linear linear(long fanIn, long units) {
    Linear linear = Linear.builder().setUnits(units).build();
    linear.setInitializer(fanInUniform(fanIn), p -> true);
    return linear;
  }

  static Initializer fanInUniform(long fanIn) {
    return new UniformInitializer((float) (1 / Math.sqrt(fanIn)));
  }

  static NDList unitNorm(NDList features) {
    return new NDList(unitRows(features.singletonOrThrow()));
  }

  /** Rows divided by their L2 norm (eps keeps a zero row finite). */
  static NDArray unitRows(NDArray rows) {
    return rows.div(rows.norm(new int[] {1}, true).add(1e-12f));
  }
}
