package dev.idtrain.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import dev.idtrain.config.Architecture;
import dev.idtrain.config.DgpKind;
import java.util.List;

/**
 * The encoder f (docs/SCIENCE.md), its widths from {@link Architecture}. On the sphere
 * d -> 10d -> 50d x (H-2) -> 10d -> d, every hidden Linear followed by BatchNorm and
 * LeakyReLU(0.01); on sprites the paper's MLP, flattened pixels -> 3 x (Linear(512), BatchNorm,
 * ReLU), whose last activations are the features, or the CNN: the pixels as a one-channel image
 * through the convolutions, each followed by BatchNorm and ReLU, flattened, then Linear(512),
 * BatchNorm, ReLU. Either optionally projected onto the unit sphere.
 */
public final class EncoderFactory {
  private static final float SLOPE = 0.01f;

  private EncoderFactory() {}

  public static SequentialBlock build(Architecture architecture, DgpKind kind,
      boolean normalizeFeatures) {
    SequentialBlock f = new SequentialBlock();
    if (!architecture.convolutions().isEmpty()) {
      f.add(new LambdaBlock(EncoderFactory::image, "image"));
      for (Architecture.Convolution c : architecture.convolutions()) {
        f.add(convolution(c));
        f.add(BatchNorm.builder().build());
        f.add(Activation.reluBlock());
      }
      f.add(Blocks.batchFlattenBlock());
    }
    List<Long> widths = architecture.widths();
    boolean sprites = kind == DgpKind.SPRITES;
    int hidden = sprites ? widths.size() : widths.size() - 1;
    for (int layer = 1; layer < hidden; layer++) {
      f.add(linear(widths.get(layer - 1), widths.get(layer)));
      f.add(BatchNorm.builder().build());
      f.add(sprites ? Activation.reluBlock() : Activation.leakyReluBlock(SLOPE));
    }
    if (!sprites) {
      f.add(linear(widths.get(widths.size() - 2), widths.get(widths.size() - 1)));
    }
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

  /** A convolution initialised as PyTorch's nn.Conv2d: weight and bias U(±1/sqrt(fan_in)). */
  static Conv2d convolution(Architecture.Convolution c) {
    Shape kernel = new Shape(Architecture.Convolution.KERNEL, Architecture.Convolution.KERNEL);
    Conv2d conv = Conv2d.builder().setKernelShape(kernel).optStride(new Shape(2, 2))
        .optPadding(new Shape(1, 1)).setFilters(c.outChannels()).build();
    conv.setInitializer(fanInUniform(c.fanIn()), p -> true);
    return conv;
  }

  /** Rows of flattened pixels as one-channel square images, (N, 1, side, side). */
  static NDList image(NDList pixels) {
    int side = Architecture.SPRITE_SIDE;
    return new NDList(pixels.singletonOrThrow().reshape(-1, 1, side, side));
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
