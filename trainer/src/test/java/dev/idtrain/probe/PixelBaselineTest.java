package dev.idtrain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.event.TrainingEvent.FactorFigure;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The pixel baseline on small images whose relation to their factors is known. */
class PixelBaselineTest {
  private static final int PIXELS = 40;
  private static final int HEART = 2;

  /**
   * An image of 40 pixels: one of pixels 0..15 on at x's grid index, as many of pixels 16..21 on
   * as scale's grid index, pixel 22 + the orientation's index (of 8) on for hearts, and a few
   * random ones among 30..39 that carry nothing. x, scale and a heart's (cos θ, sin θ) are then
   * exactly affine in the pixels; y is drawn apart from the image.
   */
  private record Block(float[] images, float[] factors, int[] shapes) {
    static Block draw(SplittableRandom rng, int n) {
      float[] images = new float[n * PIXELS];
      float[] factors = new float[n * 4];
      int[] shapes = new int[n];
      for (int m = 0; m < n; m++) {
        int x = rng.nextInt(16);
        int scale = rng.nextInt(6);
        int turn = rng.nextInt(8);
        shapes[m] = rng.nextInt(3);
        images[m * PIXELS + x] = 1;
        for (int k = 0; k < scale; k++) {
          images[m * PIXELS + 16 + k] = 1;
        }
        if (shapes[m] == HEART) {
          images[m * PIXELS + 22 + turn] = 1;
        }
        for (int k = 30; k < PIXELS; k++) {
          images[m * PIXELS + k] = rng.nextInt(4) == 0 ? 1 : 0;
        }
        factors[4 * m] = (float) (0.5 + 0.1 * scale);
        factors[4 * m + 1] = x / 15f;
        factors[4 * m + 2] = (float) rng.nextDouble();
        factors[4 * m + 3] = (float) (2 * Math.PI * turn / 8);
      }
      return new Block(images, factors, shapes);
    }
  }

  private static List<FactorFigure> baseline(SplittableRandom rng) {
    PixelBaseline baseline = new PixelBaseline(PIXELS, HEART);
    for (int b = 0; b < 4; b++) {
      Block fit = Block.draw(rng, 1000);
      baseline.fit(fit.images(), fit.factors(), fit.shapes());
    }
    PixelBaseline.Scores scores = baseline.solve();
    for (int b = 0; b < 2; b++) {
      Block held = Block.draw(rng, 1000);
      scores.score(held.images(), held.factors(), held.shapes());
    }
    return scores.figures();
  }

  @Test
  void factorsAffineInThePixelsAreReadAlmostExactlyAndOthersNotAtAll() {
    List<FactorFigure> figures = baseline(new SplittableRandom(1));
    assertThat(figures).extracting(FactorFigure::factor).containsExactly("scale", "x", "y", "orientation");
    for (FactorFigure f : List.of(figures.get(0), figures.get(1), figures.get(3))) {
      // The ridge of 1 against thousands of fitted images leaves least squares' exact fit.
      assertThat(f.correlation()).as(f.factor()).isCloseTo(1, within(1e-3));
      assertThat(f.r2()).as(f.factor()).isCloseTo(1, within(2e-3));
    }
    assertThat(Math.abs(figures.get(2).correlation())).isLessThan(0.1);
  }

  /** The sparse normal equations against the dense least-squares fit they stand in for. */
  @Test
  void theNormalEquationsAgreeWithTheDenseFit() {
    SplittableRandom rng = new SplittableRandom(2);
    Block fit = Block.draw(rng, 3000);
    PixelBaseline.NormalEquations equations = new PixelBaseline.NormalEquations(PIXELS, 1);
    DMatrixRMaj x = LinearProbe.rows(fit.images(), PIXELS, 0, 3000);
    DMatrixRMaj y = new DMatrixRMaj(3000, 1);
    for (int m = 0; m < 3000; m++) {
      int[] on = on(fit.images(), m);
      // A target that pixels 30..39 carry, with noise: not exactly affine, so the fit is tested.
      y.data[m] = fit.images()[m * PIXELS + 31] - 2 * fit.images()[m * PIXELS + 35] + 0.3 * rng.nextGaussian();
      equations.add(on, new double[] {y.data[m]});
    }
    DMatrixRMaj sparse = equations.solve();
    // Pixels 0..29 are not constant either, so the dense fit is determined; compare predictions.
    LinearProbe dense = LinearProbe.fit(x, y, true);
    DMatrixRMaj densePredicted = dense.predict(x);
    for (int m = 0; m < 3000; m += 97) {
      int[] on = on(fit.images(), m);
      assertThat(PixelBaseline.NormalEquations.predict(sparse, on)[0])
          .isCloseTo(densePredicted.data[m], within(0.01));
    }
  }

  private static int[] on(float[] images, int m) {
    return IntStream.range(0, PIXELS).filter(i -> images[m * PIXELS + i] != 0).toArray();
  }
}
