package dev.idtrain.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The networks a configuration implies, as sizes: the encoder's layer widths and the head's rows;
 * and what a training step on them costs in matrix products, which is what the engine spends its
 * time on. On the sphere the encoder maps d -> 10d -> 50d x (H-2) -> 10d -> d and the head has N
 * rows for DIET, K for supervised; on sprites it is the paper's MLP, 64 × 64 pixels -> 512 x 3,
 * with one row per shape (docs/SCIENCE.md).
 *
 * @param widths the encoder's widths, input first: its Linear layers map each to the next
 */
public record Architecture(List<Long> widths, int headRows) {
  /** The side of a sprite image, in pixels. */
  public static final int SPRITE_SIDE = 64;
  /** The sprite shapes: square, ellipse, heart. */
  public static final int SPRITE_SHAPES = 3;
  /** The width of the sprite MLP's three hidden layers, its features. */
  public static final long SPRITE_FEATURES = 512;

  public static Architecture of(Config config) {
    if (config.dgp().kind() == DgpKind.SPRITES) {
      long pixels = (long) SPRITE_SIDE * SPRITE_SIDE;
      return new Architecture(List.of(pixels, SPRITE_FEATURES, SPRITE_FEATURES, SPRITE_FEATURES),
          SPRITE_SHAPES);
    }
    int dim = config.dgp().dim();
    return new Architecture(encoderWidths(dim, config.model().hiddenLayers()),
        config.train().objective() == Objective.DIET ? config.dgp().instances() : config.dgp().classes());
  }

  /** The dimension of an observation, the encoder's input. */
  public int inputs() {
    return Math.toIntExact(widths.get(0));
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

  /** Entries of every weight matrix, the encoder's and the head's: a sample's multiply-adds. */
  public long weights() {
    long sum = 0;
    for (int i = 1; i < widths.size(); i++) {
      sum += widths.get(i - 1) * widths.get(i);
    }
    return sum + (long) headRows * widths.get(widths.size() - 1);
  }

  /** GFLOP of one step's matrix products at {@code batch}: see {@link #gflop(long, int)}. */
  public double gflopPerStep(int batch) {
    return gflop(weights(), batch);
  }

  /**
   * GFLOP of the matrix products in one step through weight matrices of {@code weights} entries
   * in all: every weight matrix is multiplied by the batch once forward and twice backward
   * (gradients of its input and of itself), 2 FLOP per multiply-add. Elementwise work
   * (BatchNorm, activations, softmax) is left out.
   */
  public static double gflop(long weights, int batch) {
    return 3 * 2.0 * batch * weights / 1e9;
  }
}
