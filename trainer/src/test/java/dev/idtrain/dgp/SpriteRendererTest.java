package dev.idtrain.dgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rendered sprites against cases worked out by hand. */
class SpriteRendererTest {
  private static final int SIDE = SpriteRenderer.SIDE;
  private static final double[] SCALES = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
  private static final double TURN = 2 * Math.PI / 40;

  private static float[] render(SpriteShape shape, double scale, int turns, double x, double y) {
    float[] image = new float[SIDE * SIDE];
    SpriteRenderer.render(shape, scale, turns * TURN, x, y, image, 0);
    return image;
  }

  private static int count(float[] image) {
    int on = 0;
    for (float p : image) {
      assertThat(p).isIn(0f, 1f);
      on += (int) p;
    }
    return on;
  }

  /** The mean column and row of the pixels that are on, as pixel-centre coordinates. */
  private static double[] centroid(float[] image) {
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        if (image[r * SIDE + c] == 1) {
          sx += c + 0.5;
          sy += r + 0.5;
          n++;
        }
      }
    }
    return new double[] {sx / n, sy / n};
  }

  /** The plain renderer that rendering by rows replaces: every pixel of the image tested. */
  private static float[] everyPixel(SpriteShape shape, double scale, double theta, double x, double y) {
    float[] image = new float[SIDE * SIDE];
    double h = SpriteRenderer.HALF_SIZE * scale;
    double cos = Math.cos(theta) / h;
    double sin = Math.sin(theta) / h;
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        double dx = c + 0.5 - SpriteRenderer.centre(x);
        double dy = r + 0.5 - SpriteRenderer.centre(y);
        if (shape.contains(cos * dx + sin * dy, cos * dy - sin * dx)) {
          image[r * SIDE + c] = 1;
        }
      }
    }
    return image;
  }

  @Test
  void renderingByRowsIsPixelForPixelWhatTestingEveryPixelGives() {
    int[] positions = {0, 1, 7, 15, 16, 30, 31};
    for (SpriteShape shape : SpriteShape.values()) {
      for (double scale : SCALES) {
        for (int turns = 0; turns < 40; turns++) {
          for (int px : positions) {
            double x = px / 31.0;
            double y = positions[(px + turns) % positions.length] / 31.0;
            assertThat(render(shape, scale, turns, x, y))
                .as("%s scale %s, %d turns at (%s, %s)", shape, scale, turns, x, y)
                .isEqualTo(everyPixel(shape, scale, turns * TURN, x, y));
          }
        }
      }
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int i = 0; i < 30_000; i++) {
      SpriteShape shape = SpriteShape.values()[i % 3];
      double scale = 0.5 + 0.5 * random.nextDouble();
      double theta = 2 * Math.PI * random.nextDouble();
      double x = random.nextDouble();
      double y = random.nextDouble();
      float[] image = new float[SIDE * SIDE];
      SpriteRenderer.render(shape, scale, theta, x, y, image, 0);
      assertThat(image).as("%s scale %s, θ %s at (%s, %s)", shape, scale, theta, x, y)
          .isEqualTo(everyPixel(shape, scale, theta, x, y));
    }
  }

  @Test
  void positionsPutTheCentreBetweenTwelveAndFiftyTwoPixels() {
    assertThat(SpriteRenderer.centre(0)).isEqualTo(12);
    assertThat(SpriteRenderer.centre(0.5)).isEqualTo(32);
    assertThat(SpriteRenderer.centre(1)).isEqualTo(52);
  }

  /**
   * Centred on the pixel corner (32, 32), a square of half-size h = 8s covers the pixels whose
   * centres k + ½ lie within 32 ± h: 2·round(h) per side, so (2·round(8s))² in all.
   */
  @Test
  void anUnturnedSquareAtTheCentreCoversItsSideSquared() {
    int[] sides = {8, 10, 12, 12, 14, 16};
    for (int i = 0; i < SCALES.length; i++) {
      assertThat(count(render(SpriteShape.SQUARE, SCALES[i], 0, 0.5, 0.5)))
          .as("scale %s", SCALES[i]).isEqualTo(sides[i] * sides[i]);
    }
  }

  /** An ellipse of semi-axes h and h/2 has area πh²/2; pixels miss it by about its perimeter. */
  @Test
  void anEllipseCoversItsAreaToWithinItsPerimeter() {
    for (double scale : SCALES) {
      double h = 8 * scale;
      double area = Math.PI * h * h / 2;
      double perimeter = Math.PI * (1.5 * h - Math.sqrt(h * h / 2)) * 1.0;
      assertThat((double) count(render(SpriteShape.ELLIPSE, scale, 0, 0.5, 0.5)))
          .as("scale %s", scale).isCloseTo(area, within(perimeter / 2));
    }
  }

  /**
   * Areas grow as the scale squared, so the largest sprite has four times the smallest's pixels,
   * up to the pixels along the smallest one's edge (an ellipse of scale ½ covers 28 pixels).
   */
  @ParameterizedTest
  @EnumSource(SpriteShape.class)
  void pixelCountsGrowWithTheScaleSquared(SpriteShape shape) {
    double small = count(render(shape, 0.5, 0, 0.5, 0.5));
    double large = count(render(shape, 1.0, 0, 0.5, 0.5));
    assertThat(large / small).isCloseTo(4, within(0.5));
    assertThat(large).isLessThanOrEqualTo(count(render(SpriteShape.SQUARE, 1.0, 0, 0.5, 0.5)));
  }

  /** The sprite's centroid follows the position factors along a line: 40 pixels per unit. */
  @ParameterizedTest
  @EnumSource(SpriteShape.class)
  void theCentroidMovesLinearlyWithXAndY(SpriteShape shape) {
    double[] origin = centroid(render(shape, 0.7, 0, 0, 0));
    for (int k = 1; k < 32; k++) {
      double p = k / 31.0;
      double[] moved = centroid(render(shape, 0.7, 0, p, 1 - p));
      assertThat(moved[0] - origin[0]).as("x at %s", p).isCloseTo(40 * p, within(0.75));
      assertThat(moved[1] - origin[1]).as("y at %s", p).isCloseTo(40 * (1 - p), within(0.75));
    }
  }

  /** A quarter turn (10 of dSprites' 40 orientations) leaves a square unchanged. */
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.8, 1.0})
  void aQuarterTurnLeavesASquareAsItWas(double scale) {
    for (int turns = 0; turns < 10; turns++) {
      assertThat(render(SpriteShape.SQUARE, scale, turns + 10, 0.5, 0.5))
          .as("%d turns", turns).isEqualTo(render(SpriteShape.SQUARE, scale, turns, 0.5, 0.5));
    }
  }

  /** A half turn leaves an ellipse unchanged; a quarter turn does not. */
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.8, 1.0})
  void aHalfTurnLeavesAnEllipseAsItWas(double scale) {
    for (int turns = 0; turns < 20; turns++) {
      assertThat(render(SpriteShape.ELLIPSE, scale, turns + 20, 0.5, 0.5))
          .as("%d turns", turns).isEqualTo(render(SpriteShape.ELLIPSE, scale, turns, 0.5, 0.5));
    }
    assertThat(render(SpriteShape.ELLIPSE, scale, 10, 0.5, 0.5))
        .isNotEqualTo(render(SpriteShape.ELLIPSE, scale, 0, 0.5, 0.5));
  }

  /** A heart is mirror symmetric about its vertical axis, but no turn short of a whole one keeps it. */
  @Test
  void aHeartShowsItsOrientation() {
    float[] heart = render(SpriteShape.HEART, 1.0, 0, 0.5, 0.5);
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        assertThat(heart[r * SIDE + c]).isEqualTo(heart[r * SIDE + SIDE - 1 - c]);
      }
    }
    for (int turns = 5; turns < 40; turns += 5) {
      assertThat(render(SpriteShape.HEART, 1.0, turns, 0.5, 0.5)).as("%d turns", turns).isNotEqualTo(heart);
    }
    // Its lobes are up: the top half holds more of it than the bottom half.
    double[] c = centroid(heart);
    assertThat(c[1]).isLessThan(32);
  }

  @Test
  void theLargestTurnedSquareStaysInsideTheImageAtEveryCorner() {
    int inside = count(render(SpriteShape.SQUARE, 1.0, 5, 0.5, 0.5));
    for (double x : new double[] {0, 1}) {
      for (double y : new double[] {0, 1}) {
        assertThat(count(render(SpriteShape.SQUARE, 1.0, 5, x, y))).isEqualTo(inside);
      }
    }
  }
}
