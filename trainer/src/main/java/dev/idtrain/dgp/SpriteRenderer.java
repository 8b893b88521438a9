package dev.idtrain.dgp;

import dev.idtrain.config.Architecture;

/**
 * Draws one sprite as dSprites lays its images out: 64 × 64 binary pixels, the sprite's centre
 * moving across the image with its position factors. Pixel (row r, column c) covers
 * [c, c + 1) × [r, r + 1) and is on when its centre lies in the shape. A sprite of scale s has
 * half-size 8s pixels; its centre is at 12 + 40 x and 12 + 40 y, so that even the largest square,
 * turned by 45°, stays inside the image. Orientation θ turns the shape's frame by θ.
 */
public final class SpriteRenderer {
  public static final int SIDE = Architecture.SPRITE_SIDE;
  /** Pixels from the image's edge to the centre at position 0, and to its centre at 1. */
  static final double MARGIN = 12;
  /** Half-size at scale 1, in pixels. */
  static final double HALF_SIZE = 8;

  private SpriteRenderer() {}

  /** The centre's image coordinate, in pixels, at position factor {@code position} in [0, 1]. */
  public static double centre(double position) {
    return MARGIN + (SIDE - 2 * MARGIN) * position;
  }

  /**
   * Sets to 1 the pixels of {@code image[offset .. offset + 64²)}, row-major, that the sprite
   * covers; the others are left as they are (zero in a fresh array).
   */
  public static void render(SpriteShape shape, double scale, double orientation, double x,
      double y, float[] image, int offset) {
    double h = HALF_SIZE * scale;
    double cx = centre(x);
    double cy = centre(y);
    double cos = Math.cos(orientation) / h;
    double sin = Math.sin(orientation) / h;
    // Every shape lies within the frame's circumscribed circle: only its box needs a look.
    double reach = h * Math.sqrt(2);
    int rowFrom = Math.max(0, (int) Math.floor(cy - reach));
    int rowTo = Math.min(SIDE - 1, (int) Math.ceil(cy + reach));
    int colFrom = Math.max(0, (int) Math.floor(cx - reach));
    int colTo = Math.min(SIDE - 1, (int) Math.ceil(cx + reach));
    for (int r = rowFrom; r <= rowTo; r++) {
      double dy = r + 0.5 - cy;
      for (int c = colFrom; c <= colTo; c++) {
        double dx = c + 0.5 - cx;
        if (shape.contains(cos * dx + sin * dy, cos * dy - sin * dx)) {
          image[offset + r * SIDE + c] = 1;
        }
      }
    }
  }
}
