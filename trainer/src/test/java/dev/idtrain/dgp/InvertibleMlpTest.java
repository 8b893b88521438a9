package dev.idtrain.dgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InvertibleMlpTest {

  private static InvertibleMlp generator;

  @BeforeAll
  static void drawDefaultGenerator() {
    var dgp = DgpConfigs.defaults();
    generator = InvertibleMlp.draw(dgp.dim(), dgp.generatorLayers(), dgp.conditionQuantile(),
        dgp.conditionPool(), Seeds.generator(0));
  }

  @Test
  void everyLayerIsAtMostAsIllConditionedAsTheThreshold() {
    assertThat(generator.layers()).isEqualTo(4);
    assertThat(generator.conditionThreshold()).isGreaterThan(1);
    double[] conditions = generator.conditionNumbers();
    assertThat(conditions).hasSize(4);
    for (double c : conditions) {
      assertThat(c).isBetween(1.0, generator.conditionThreshold());
    }
  }

  @Test
  void everyColumnHasUnitNorm() {
    for (double[][] w : generator.weights()) {
      for (int c = 0; c < w.length; c++) {
        double n = 0;
        for (double[] row : w) {
          n += row[c] * row[c];
        }
        assertThat(Math.sqrt(n)).isCloseTo(1, within(1e-12));
      }
    }
  }

  @Test
  void invertRecoversTheLatents() {
    UniformRandomProvider rng = Seeds.batch(0, 0);
    int n = 4096;
    double[] z = new double[n * 5];
    for (int i = 0; i < z.length; i++) {
      z[i] = 2 * rng.nextDouble() - 1;
    }
    assertThat(generator.invert(generator.forward(z))).containsExactly(z, within(1e-10));
    float[] zf = new float[z.length];
    for (int i = 0; i < z.length; i++) {
      zf[i] = (float) z[i];
    }
    assertThat(generator.invert(generator.forward(zf))).containsExactly(zf, within(1e-4f));
  }

  @Test
  void leakyReluSitsBetweenLayersButNotAfterTheLast() {
    double[][] identity = {{1, 0}, {0, 1}};
    InvertibleMlp two = new InvertibleMlp(new double[][][] {identity, identity}, 1);
    assertThat(two.forward(new double[] {1, -1})).containsExactly(1, -0.2);
    InvertibleMlp one = new InvertibleMlp(new double[][][] {identity}, 1);
    assertThat(one.forward(new double[] {1, -1})).containsExactly(1, -1);
    // h -> W h: row r of W makes output r.
    double[][] swap = {{0, 1}, {1, 0}};
    InvertibleMlp swapThenIdentity = new InvertibleMlp(new double[][][] {swap, identity}, 1);
    assertThat(swapThenIdentity.forward(new double[] {2, -3}))
        .containsExactly(new double[] {-0.6, 2}, within(1e-15));
    assertThat(swapThenIdentity.invert(new double[] {-0.6, 2}))
        .containsExactly(new double[] {2, -3}, within(1e-15));
  }

  @Test
  void restoredWeightsGiveTheSameFunction() {
    InvertibleMlp restored = new InvertibleMlp(generator.weights(), generator.conditionThreshold());
    double[] z = {0.1, -0.2, 0.3, -0.4, 0.5, 0.9, 0.1, -0.1, 0.2, -0.3};
    assertThat(restored.forward(z)).containsExactly(generator.forward(z));
    assertThat(restored.conditionNumbers()).containsExactly(generator.conditionNumbers());
  }

  @Test
  void weightsAreCopies() {
    double[][][] w = generator.weights();
    w[0][0][0] = 42;
    assertThat(generator.weights()[0][0][0]).isNotEqualTo(42);
  }

  @Test
  void thresholdIsTheQuantileOfThePoolAndTheScreenChangesNothing() {
    // Replays the stream with exact condition numbers only: the screened draw must make the
    // very same choices. (Abandoning candidates with too parallel columns is part of how the
    // stream is consumed; that it never abandons a passing matrix is tested below.)
    for (double q : new double[] {0, 0.3, 1}) {
      int dim = 5;
      int pool = 300;
      InvertibleMlp drawn = InvertibleMlp.draw(dim, 3, q, pool, Seeds.generator(5));
      UniformRandomProvider rng = Seeds.generator(5);
      ConditionNumber condition = new ConditionNumber(dim);
      double[] w = new double[dim * dim];
      double[] conditions = new double[pool];
      for (int p = 0; p < pool; p++) {
        ConditionedLayers.randomMatrix(rng, dim, w, Double.POSITIVE_INFINITY);
        conditions[p] = condition.of(w);
      }
      double threshold = quantile(conditions, q);
      assertThat(drawn.conditionThreshold()).isEqualTo(threshold);
      double[][][] weights = drawn.weights();
      for (double[][] layer : weights) {
        while (!(ConditionedLayers.randomMatrix(rng, dim, w, ConditionedLayers.maxCosine(threshold))
            && condition.of(w) <= threshold)) {
          // plain rejection sampling, no screen
        }
        for (int r = 0; r < dim; r++) {
          for (int c = 0; c < dim; c++) {
            assertThat(layer[r][c]).isEqualTo(w[r * dim + c]);
          }
        }
      }
    }
  }

  @Test
  void quantileInterpolatesBetweenOrderStatistics() {
    double[] v = {4, 1, 3, 2};
    assertThat(quantile(v, 0)).isEqualTo(1);
    assertThat(quantile(v, 1)).isEqualTo(4);
    assertThat(quantile(v, 0.5)).isEqualTo(2.5);
  }

  @Test
  void conditionNumberAndItsLowerBoundOnKnownMatrices() {
    ConditionNumber condition = new ConditionNumber(3);
    double[] diagonal = {4, 0, 0, 0, 2, 0, 0, 0, 0.5};
    assertThat(condition.of(diagonal)).isCloseTo(8, within(1e-12));
    assertThat(condition.lowerBound(diagonal, Double.MAX_VALUE)).isBetween(7.984, 8.000001);
    double[] singular = {1, 1, 0, 1, 1, 0, 0, 0, 1};
    assertThat(condition.of(singular)).isGreaterThan(1e15);
    // A lower bound never exceeds the exact value, over many random matrices.
    UniformRandomProvider rng = Seeds.generator(9);
    for (int dim : new int[] {2, 5, 12}) {
      ConditionNumber c = new ConditionNumber(dim);
      double[] w = new double[dim * dim];
      for (int i = 0; i < 2000; i++) {
        ConditionedLayers.randomMatrix(rng, dim, w, Double.POSITIVE_INFINITY);
        double exact = c.of(w);
        double bound = c.lowerBound(w, Double.MAX_VALUE);
        assertThat(bound).isLessThanOrEqualTo(exact * (1 + ConditionNumber.slack(bound)));
        assertThat(bound).isGreaterThan(exact / 5);
      }
    }
  }

  @Test
  void abandonedCandidatesCouldNeverHavePassed() {
    // A pair of columns with |cosine| c forces cond >= sqrt((1 + c) / (1 - c)), so abandoning
    // at maxCosine(limit) discards only matrices whose condition number exceeds limit.
    UniformRandomProvider rng = Seeds.generator(10);
    for (int dim : new int[] {2, 5, 12}) {
      ConditionNumber c = new ConditionNumber(dim);
      double[] w = new double[dim * dim];
      for (int i = 0; i < 2000; i++) {
        assertThat(ConditionedLayers.randomMatrix(rng, dim, w, Double.POSITIVE_INFINITY)).isTrue();
        double exact = c.of(w);
        double cosine = 0;
        for (int a = 0; a < dim; a++) {
          for (int b = a + 1; b < dim; b++) {
            double dot = 0;
            for (int r = 0; r < dim; r++) {
              dot += w[r * dim + a] * w[r * dim + b];
            }
            cosine = Math.max(cosine, Math.abs(dot));
          }
        }
        assertThat(cosine).isLessThanOrEqualTo(ConditionedLayers.maxCosine(exact));
      }
    }
    assertThat(ConditionedLayers.maxCosine(1)).isCloseTo(0, within(1e-8));
    assertThat(ConditionedLayers.maxCosine(Math.sqrt(3))).isCloseTo(0.5, within(1e-8));
  }

  @Test
  void rejectsSingularOrMisshapenWeights() {
    assertThatThrownBy(() -> new InvertibleMlp(new double[][][] {{{1, 2}, {2, 4}}}, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InvertibleMlp(new double[][][] {{{1, 0}, {0}}}, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The q-quantile with linear interpolation between order statistics (numpy's default). */
  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double frac = pos - lo;
    return frac == 0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
  }
}
