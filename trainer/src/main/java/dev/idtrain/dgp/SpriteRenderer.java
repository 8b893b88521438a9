package dev.idtrain.dgp;

import dev.idtrain.config.Architecture;
import java.util.Arrays;

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
  /** Pixels by which a chord is widened before the pixel test trims it. */
  private static final double SLACK = 1e-6;

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
      int row = offset + r * SIDE;
      // Along the row, u = cos·dx + sin·dy and v = cos·dy − sin·dx, dx from the centre. The
      // chord, widened by a slack far above its rounding error, bounds the pixels to test.
      double[] chord = shape.chord(cos, sin * dy, -sin, cos * dy);
      int from = (int) Math.max(colFrom, Math.ceil(cx - 0.5 + chord[0] - SLACK));
      int to = (int) Math.min(colTo, Math.floor(cx - 0.5 + chord[1] + SLACK));
      if (!shape.convex()) {
        for (int c = from; c <= to; c++) {
          if (covers(shape, cos, sin, c + 0.5 - cx, dy)) {
            image[row + c] = 1;
          }
        }
        continue;
      }
      // A convex shape covers one run of the row: the pixel test trims the chord's ends, so the
      // image is exactly what testing every pixel gives.
      while (from <= to && !covers(shape, cos, sin, from + 0.5 - cx, dy)) {
        from++;
      }
      while (to >= from && !covers(shape, cos, sin, to + 0.5 - cx, dy)) {
        to--;
      }
      if (from <= to) {
        Arrays.fill(image, row + from, row + to + 1, 1);
      }
    }
  }

  /** Whether the pixel whose centre is (dx, dy) from the sprite's centre is on. */
  private static boolean covers(SpriteShape shape, double cos, double sin, double dx, double dy) {
    return shape.contains(cos * dx + sin * dy, cos * dy - sin * dx);
  }
}
