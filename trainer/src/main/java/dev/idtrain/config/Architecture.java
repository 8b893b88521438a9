package dev.idtrain.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The networks a configuration implies, as sizes: the encoder's layers and the head's rows; and
 * what a training step on them costs in multiply-adds, which is what the engine spends its time
 * on. On the sphere the encoder maps d -> 10d -> 50d x (H-2) -> 10d -> d and the head has N rows
 * for DIET, K for supervised; on sprites it is the paper's MLP, 64 × 64 pixels -> 512 x 3, or a
 * small CNN ({@link Encoder#CNN}) ending in the same 512 features, with one row per shape
 * (docs/SCIENCE.md).
 *
 * @param inputs values per observation, the encoder's input
 * @param convolutions the encoder's convolutions, in order, ahead of its Linear layers (the
 *     sprites CNN's; none otherwise)
 * @param widths the widths of the encoder's Linear layers, their input first: each maps to the
 *     next
 * @param headRows the head's rows
 */
public record Architecture(int inputs, List<Convolution> convolutions, List<Long> widths,
    int headRows) {
  /** The side of a sprite image, in pixels. */
  public static final int SPRITE_SIDE = 64;
  /** The sprite shapes: square, ellipse, heart. */
  public static final int SPRITE_SHAPES = 3;
  /** The width of the sprite MLP's three hidden layers, and of either sprites encoder's features. */
  public static final long SPRITE_FEATURES = 512;
  /** The sprites CNN's channels, layer by layer (DisLib's image encoder). */
  private static final List<Integer> CNN_CHANNELS = List.of(32, 32, 64, 64);

  /**
   * A {@value #KERNEL} × {@value #KERNEL} convolution of stride 2 and padding 1: it halves the
   * image's side.
   *
   * @param side the side of its output image
   */
  public record Convolution(int inChannels, int outChannels, int side) {
    public static final int KERNEL = 4;

    /** Inputs per output value, the fan-in of its initialisation. */
    public int fanIn() {
      return inChannels * KERNEL * KERNEL;
    }

    long multiplyAdds() {
      return (long) side * side * outChannels * fanIn();
    }
  }

  public static Architecture of(Config config) {
    if (config.dgp().kind() == DgpKind.SPRITES) {
      int pixels = SPRITE_SIDE * SPRITE_SIDE;
      if (config.model().encoder() == Encoder.CNN) {
        List<Convolution> convolutions = new ArrayList<>();
        int channels = 1;
        int side = SPRITE_SIDE;
        for (int out : CNN_CHANNELS) {
          side /= 2;
          convolutions.add(new Convolution(channels, out, side));
          channels = out;
        }
        return new Architecture(pixels, convolutions,
            List.of((long) channels * side * side, SPRITE_FEATURES), SPRITE_SHAPES);
      }
      return new Architecture(pixels, List.of(),
          List.of((long) pixels, SPRITE_FEATURES, SPRITE_FEATURES, SPRITE_FEATURES), SPRITE_SHAPES);
    }
    int dim = config.dgp().dim();
    return new Architecture(dim, List.of(), encoderWidths(dim, config.model().hiddenLayers()),
        config.train().objective() == Objective.DIET ? config.dgp().instances() : config.dgp().classes());
  }

  /** The dimension of the features f(x), the encoder's output and the head's input. */
  public int features() {
    return Math.toIntExact(widths.get(widths.size() - 1));
  }

  /** d, then 10d, 50d x (H-2), 10d for the H hidden layers, then d. */
  public static List<Long> encoderWidths(int dim, int hiddenLayers) {
    List<Long> widths = new ArrayList<>(List.of((long) dim));
    for (int layer = 0; layer < hiddenLayers; layer++) {
      boolean outer = layer == 0 || layer == hiddenLayers - 1;
      widths.add(outer ? 10L * dim : 50L * dim);
    }
    widths.add((long) dim);
    return widths;
  }

  /**
   * A sample's multiply-adds through the encoder and the head: the convolutions', and an entry
   * of every weight matrix each.
   */
  public long multiplyAdds() {
    long sum = convolutions.stream().mapToLong(Convolution::multiplyAdds).sum();
    for (int i = 1; i < widths.size(); i++) {
      sum += widths.get(i - 1) * widths.get(i);
    }
    return sum + (long) headRows * widths.get(widths.size() - 1);
  }

  /**
   * GFLOP of one step's products at {@code batch}: see {@link #gflop(long, int)}, less the
   * gradient of the first layer's input, the data, which nothing needs (it is most of a sprites
   * MLP's work: 4096 × 512 of its 2.6 M multiply-adds).
   */
  public double gflopPerStep(int batch) {
    long first = convolutions.isEmpty() ? widths.get(0) * widths.get(1)
        : convolutions.get(0).multiplyAdds();
    return gflop(multiplyAdds(), batch) - 2.0 * batch * first / 1e9;
  }

  /**
   * GFLOP of one step through layers of {@code multiplyAdds} per sample in all (a weight
   * matrix's entries; a convolution's kernel applications): every layer is applied to the batch
   * once forward and twice backward (gradients of its input and of its weights), 2 FLOP per
   * multiply-add. Elementwise work (BatchNorm, activations, softmax) is left out.
   */
  public static double gflop(long multiplyAdds, int batch) {
    return 3 * 2.0 * batch * multiplyAdds / 1e9;
  }
}
