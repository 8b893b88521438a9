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

    @Override
    double[] chord(double a, double b, double c, double d) {
      double[] along = slab(a, b);
      double[] across = slab(c, d);
      return new double[] {Math.max(along[0], across[0]), Math.min(along[1], across[1])};
    }
  },
  /** Semi-axes 1 and ½: unchanged by a half turn. */
  ELLIPSE {
    @Override
    boolean contains(double u, double v) {
      return u * u + 4 * v * v <= 1;
    }

    @Override
    double[] chord(double a, double b, double c, double d) {
      // (a t + b)² + 4 (c t + d)² ≤ 1, a quadratic in t; a line that misses it gets the point
      // nearest to touching, which the renderer's slack and pixel test then settle.
      double qa = a * a + 4 * c * c;
      double qb = 2 * (a * b + 4 * c * d);
      double qc = b * b + 4 * d * d - 1;
      double half = Math.sqrt(Math.max(0, qb * qb - 4 * qa * qc)) / (2 * qa);
      double mid = -qb / (2 * qa);
      return new double[] {mid - half, mid + half};
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

    @Override
    double[] chord(double a, double b, double c, double d) {
      return SQUARE.chord(a, b, c, d);
    }

    @Override
    boolean convex() {
      return false;
    }
  };

  /** Whether the point (u, v) of the sprite's frame is inside the shape. */
  abstract boolean contains(double u, double v);

  /**
   * Where the line u = a t + b, v = c t + d crosses the shape's convex hull (or a convex region
   * holding it), as {lo, hi} in t (lo > hi where it misses), solved in floating point.
   */
  abstract double[] chord(double a, double b, double c, double d);

  /** Whether {@link #chord} is the shape's own: a line then crosses it in one piece. */
  boolean convex() {
    return true;
  }

  /** Where |a t + b| ≤ 1. */
  private static double[] slab(double a, double b) {
    if (a == 0) {
      return Math.abs(b) <= 1 ? new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}
          : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    }
    double t1 = (-1 - b) / a;
    double t2 = (1 - b) / a;
    return new double[] {Math.min(t1, t2), Math.max(t1, t2)};
  }
}
