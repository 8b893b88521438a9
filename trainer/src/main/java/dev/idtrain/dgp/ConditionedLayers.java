package dev.idtrain.dgp;

import java.util.Comparator;
import java.util.PriorityQueue;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The condition-number rule for the generator's layers: d×d matrices of
 * U(-1, 1) entries with unit-norm columns, accepted only if their condition number is at most a
 * quantile of those of a pool of such matrices.
 */
final class ConditionedLayers {
  private ConditionedLayers() {}

  /**
   * The threshold is the {@code quantile} of the condition numbers of {@code pool} random
   * matrices (0 = the best of the pool), then each layer is drawn again and again until one is
   * at most that well conditioned.
   *
   * <p>With quantile 0 that takes about {@code pool} draws per layer on average, and far more
   * for the occasional seed whose pool minimum is an outlier, so each candidate is made cheap
   * without changing what is accepted: a candidate is abandoned as soon as two of its columns
   * are too parallel for any completion to pass (its remaining columns are then not drawn), and
   * only candidates that a rigorous lower bound cannot rule out get an exact SVD. Accepted
   * matrices therefore have exactly the distribution of plain rejection sampling.
   */
  static InvertibleMlp draw(
      int dim, int layers, double quantile, int pool, UniformRandomProvider rng) {
    if (dim < 1 || layers < 1 || pool < 1 || !(quantile >= 0 && quantile <= 1)) {
      throw new IllegalArgumentException("need dim, layers, pool >= 1 and quantile in [0, 1]");
    }
    ConditionNumber condition = new ConditionNumber(dim);
    double[] w = new double[dim * dim];
    double threshold = poolThreshold(dim, quantile, pool, rng, condition, w);
    double limit = Math.min(threshold, InvertibleMlp.MAX_CONDITION);
    double maxCosine = maxCosine(limit);
    double[][][] weights = new double[layers][][];
    for (int l = 0; l < layers; l++) {
      while (!(randomMatrix(rng, dim, w, maxCosine)
          && mayBeWithin(condition, w, limit)
          && condition.of(w) <= limit)) {
        // rejected: draw again
      }
      weights[l] = InvertibleMlp.toRows(w, dim);
    }
    return new InvertibleMlp(weights, threshold);
  }

  /**
   * The {@code quantile} of the condition numbers of {@code pool} random matrices, with linear
   * interpolation between order statistics (numpy's default). Only the few smallest values
   * decide a low quantile, so just those are kept, and a matrix whose lower bound already
   * exceeds all of them needs no SVD. Pool matrices are always drawn whole.
   */
  static double poolThreshold(int dim, double quantile, int pool, UniformRandomProvider rng,
      ConditionNumber condition, double[] w) {
    double pos = quantile * (pool - 1);
    int lo = (int) Math.floor(pos);
    double frac = pos - lo;
    int hi = frac > 0 ? lo + 1 : lo;
    int keep = hi + 1;
    PriorityQueue<Double> smallest = new PriorityQueue<>(keep, Comparator.reverseOrder());
    for (int p = 0; p < pool; p++) {
      randomMatrix(rng, dim, w, Double.POSITIVE_INFINITY);
      if (smallest.size() == keep && !mayBeWithin(condition, w, smallest.peek())) {
        continue;
      }
      double c = condition.of(w);
      if (smallest.size() < keep) {
        smallest.add(c);
      } else if (c < smallest.peek()) {
        smallest.poll();
        smallest.add(c);
      }
    }
    double[] sorted = smallest.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
  }

  /** False only when W's condition number certainly exceeds {@code limit}. */
  private static boolean mayBeWithin(ConditionNumber condition, double[] w, double limit) {
    double bound = condition.lowerBound(w, 1.01 * limit * (1 + ConditionNumber.slack(limit)));
    return bound <= limit * (1 + ConditionNumber.slack(bound));
  }

  /**
   * The largest |cosine| two unit columns may have in a matrix of condition number at most
   * {@code limit}: their 2×2 Gram block has eigenvalues 1 ± |c|, which interlace the extreme
   * ones, so cond^2 >= (1 + |c|) / (1 - |c|). Padded for rounding; infinite (never abandon)
   * for huge limits.
   */
  static double maxCosine(double limit) {
    if (!(limit < 1e6)) {
      return Double.POSITIVE_INFINITY;
    }
    double l2 = limit * limit;
    return (l2 - 1) / (l2 + 1) + 1e-9;
  }

  /**
   * Draws W column by column: d entries U(-1, 1), then the column scaled to unit L2 norm.
   * Returns false, leaving the remaining columns undrawn, as soon as a new column has
   * |cosine| > {@code maxCosine} with an earlier one.
   */
  static boolean randomMatrix(UniformRandomProvider rng, int dim, double[] w, double maxCosine) {
    for (int c = 0; c < dim; c++) {
      double n = 0;
      for (int r = 0; r < dim; r++) {
        double v = 2 * rng.nextDouble() - 1;
        w[r * dim + c] = v;
        n += v * v;
      }
      double inv = 1 / Math.sqrt(n);
      for (int r = 0; r < dim; r++) {
        w[r * dim + c] *= inv;
      }
      for (int b = 0; b < c; b++) {
        double cos = 0;
        for (int r = 0; r < dim; r++) {
          cos += w[r * dim + b] * w[r * dim + c];
        }
        if (Math.abs(cos) > maxCosine) {
          return false;
        }
      }
    }
    return true;
  }
}
