package dev.idtrain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.FactorFigure;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The factor probe on features whose relation to the factors is known. */
class FactorProbeTest {
  private static final int M = 4000;
  private static final int FEATURES = 6;
  private static final int HEART = 2;

  /** Factors drawn as the continuous sprites process draws them; shapes 0, 1, 2 in turn. */
  private static float[] factors(SplittableRandom rng) {
    float[] f = new float[M * 4];
    for (int m = 0; m < M; m++) {
      f[4 * m] = (float) (0.5 + 0.5 * rng.nextDouble());
      f[4 * m + 1] = (float) rng.nextDouble();
      f[4 * m + 2] = (float) rng.nextDouble();
      f[4 * m + 3] = (float) (2 * Math.PI * rng.nextDouble());
    }
    return f;
  }

  /** Features from a per-sample function of (factors, shape) per feature column. */
  private static FactorSnapshot snapshot(float[] factors, Feature... columns) {
    float[] features = new float[M * FEATURES];
    int[] shapes = new int[M];
    for (int m = 0; m < M; m++) {
      shapes[m] = m % 3;
      for (int j = 0; j < columns.length; j++) {
        features[m * FEATURES + j] = (float) columns[j].of(factors, m, shapes[m]);
      }
    }
    float[] rows = new float[3 * FEATURES];
    for (int k = 0; k < 3; k++) {
      rows[k * FEATURES + k] = 1;
    }
    return new FactorSnapshot(10, 1, 0.5, 0.1, FEATURES, features, factors, shapes, shapes.clone(),
        HEART, rows);
  }

  interface Feature {
    double of(float[] factors, int m, int shape);
  }

  private static Map<String, FactorFigure> byFactor(TrainingEvent.Probe p) {
    return p.factors().stream().collect(Collectors.toMap(FactorFigure::factor, f -> f));
  }

  @Test
  void factorsThatAreAffineInTheFeaturesAreReadExactly() {
    float[] z = factors(new SplittableRandom(1));
    TrainingEvent.Probe p = snapshot(z,
        (f, m, s) -> 3 * f[4 * m] - 2 * f[4 * m + 1] + 1,
        (f, m, s) -> f[4 * m + 1] + f[4 * m + 2],
        (f, m, s) -> -f[4 * m + 2] + 0.5,
        (f, m, s) -> Math.cos(f[4 * m + 3]),
        (f, m, s) -> Math.sin(f[4 * m + 3]) - Math.cos(f[4 * m + 3])).score();
    assertThat(p.factors()).extracting(FactorFigure::factor)
        .containsExactly("scale", "x", "y", "orientation");
    for (FactorFigure f : p.factors()) {
      assertThat(f.correlation()).as(f.factor()).isCloseTo(1, within(1e-5));
      assertThat(f.r2()).as(f.factor()).isCloseTo(1, within(1e-5));
    }
    assertThat(p.r2PerDim()).hasSize(3);
    assertThat(p.r2Affine()).isCloseTo(1, within(1e-5));
    assertThat(p.accuracy()).isEqualTo(1);
    assertThat(p.orthogonalityMae()).isNaN();
    assertThat(p.clusterR2()).isNaN();
  }

  /**
   * A feature that reads x alone, plus noise of known size: x's correlation is the ratio of
   * standard deviations, sd(x) / sqrt(sd(x)² + sd(noise)²), and R² its square; the other factors
   * are not in the features and score about 0.
   */
  @Test
  void noiseLowersTheCorrelationAsTheSignalToNoiseRatioSays() {
    SplittableRandom rng = new SplittableRandom(2);
    float[] z = factors(rng);
    double noise = Math.sqrt(1 / 12.0); // the sd of x ~ U(0, 1)
    double[] gaussian = new double[M];
    for (int m = 0; m < M; m++) {
      gaussian[m] = noise * rng.nextGaussian();
    }
    Map<String, FactorFigure> f = byFactor(snapshot(z, (v, m, s) -> v[4 * m + 1] + gaussian[m]).score());
    assertThat(f.get("x").correlation()).isCloseTo(Math.sqrt(0.5), within(0.03));
    assertThat(f.get("x").r2()).isCloseTo(0.5, within(0.04));
    assertThat(Math.abs(f.get("scale").correlation())).isLessThan(0.08);
    assertThat(f.get("y").r2()).isLessThan(0.01);
  }

  /**
   * Orientation is decoded on hearts only: features that show it for hearts and nothing for the
   * other shapes (as a square's image cannot) still read it exactly.
   */
  @Test
  void orientationIsScoredOnHeartsOnly() {
    float[] z = factors(new SplittableRandom(3));
    ToDoubleFunction<Integer> cos = m -> Math.cos(z[4 * m + 3]);
    ToDoubleFunction<Integer> sin = m -> Math.sin(z[4 * m + 3]);
    Map<String, FactorFigure> f = byFactor(snapshot(z,
        (v, m, s) -> s == HEART ? cos.applyAsDouble(m) : 0,
        (v, m, s) -> s == HEART ? sin.applyAsDouble(m) : 0,
        (v, m, s) -> s).score());
    assertThat(f.get("orientation").correlation()).isCloseTo(1, within(1e-5));
    assertThat(f.get("orientation").r2()).isCloseTo(1, within(1e-5));
  }
}
