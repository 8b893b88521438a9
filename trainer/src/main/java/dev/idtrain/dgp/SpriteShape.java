package dev.idtrain.dgp;

/**
 * dSprites' three shapes, each as a region of the sprite's own frame: (u, v) in units of its
 * half-size, v pointing down the image like its rows. Each fits in the square |u|, |v| ≤ 1.
 */
public enum SpriteShape {
  /** The whole frame: unchanged by a quarter turn. */
  SQUARE {
    @Override
    boolean contains(double u, double v) {
      return Math.abs(u) <= 1 && Math.abs(v) <= 1;
    }
  },
  /** Semi-axes 1 and ½: unchanged by a half turn. */
  ELLIPSE {
    @Override
    boolean contains(double u, double v) {
      return u * u + 4 * v * v <= 1;
    }
  },
  /**
   * The heart curve (a² + b² − 1)³ ≤ a² b³, its lobes up, scaled and shifted into the frame: no
   * turn short of a whole one leaves it unchanged, so its orientation is what an image shows.
   */
  HEART {
    @Override
    boolean contains(double u, double v) {
      double a = 1.15 * u;
      double b = 0.118 - 1.12 * v;
      double r = a * a + b * b - 1;
      return r * r * r <= a * a * b * b * b;
    }
  };

  /** Whether the point (u, v) of the sprite's frame is inside the shape. */
  abstract boolean contains(double u, double v);
}
