package dev.idtrain.dgp;

import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.apache.commons.rng.UniformRandomProvider;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The generator g: R^d -> R^d, x = g(z) (DESIGN §2.1 step 4): L bias-free d×d linear layers
 * h -> W h with LeakyReLU(0.2) between them and none after the last. Every W has unit-norm
 * columns and a condition number below a threshold, so g is invertible and not too far from
 * an isometry. Frozen and immutable: safe to share between sampler threads.
 */
public final class InvertibleMlp {

  /** Slope of LeakyReLU for negative inputs. */
  public static final double NEGATIVE_SLOPE = 0.2;

  /** Condition numbers above this count as singular: g could not be inverted meaningfully. */
  static final double MAX_CONDITION = 1e12;

  private final int dim;
  /** Layer l's W, row-major: W[r][c] at [l][r * dim + c]. */
  private final double[][] layers;
  private final double conditionThreshold;

  /**
   * Restores a generator from stored weights {@code weights[layer][row][column]} (checkpoints
   * keep them together with the threshold they were drawn under). Copies the arrays.
   */
  public InvertibleMlp(double[][][] weights, double conditionThreshold) {
    if (weights.length < 1) {
      throw new IllegalArgumentException("the generator needs at least one layer");
    }
    this.dim = weights[0].length;
    this.layers = new double[weights.length][dim * dim];
    for (int l = 0; l < weights.length; l++) {
      if (weights[l].length != dim) {
        throw new IllegalArgumentException("layer " + l + " is not " + dim + "×" + dim);
      }
      for (int r = 0; r < dim; r++) {
        if (weights[l][r].length != dim) {
          throw new IllegalArgumentException("layer " + l + " is not " + dim + "×" + dim);
        }
        System.arraycopy(weights[l][r], 0, layers[l], r * dim, dim);
      }
    }
    ConditionNumber condition = new ConditionNumber(dim);
    for (int l = 0; l < layers.length; l++) {
      double c = condition.of(layers[l]);
      if (!(c <= MAX_CONDITION)) {
        throw new IllegalArgumentException(
            "layer " + l + " is singular or not finite (condition number " + c + ")");
      }
    }
    this.conditionThreshold = conditionThreshold;
  }

  /**
   * Draws a generator as the reference code does: the threshold is the {@code quantile} of the
   * condition numbers of {@code pool} random matrices (0 = the best of the pool), then each
   * layer is drawn again and again until one is at most that well conditioned.
   *
   * <p>With quantile 0 that takes about {@code pool} draws per layer on average, and far more
   * for the occasional seed whose pool minimum is an outlier, so each candidate is made cheap
   * without changing what is accepted: a candidate is abandoned as soon as two of its columns
   * are too parallel for any completion to pass (its remaining columns are then not drawn), and
   * only candidates that a rigorous lower bound cannot rule out get an exact SVD. Accepted
   * matrices therefore have exactly the distribution of plain rejection sampling.
   */
  public static InvertibleMlp draw(
      int dim, int layers, double quantile, int pool, UniformRandomProvider rng) {
    if (dim < 1 || layers < 1 || pool < 1 || !(quantile >= 0 && quantile <= 1)) {
      throw new IllegalArgumentException("need dim, layers, pool >= 1 and quantile in [0, 1]");
    }
    ConditionNumber condition = new ConditionNumber(dim);
    double[] w = new double[dim * dim];
    double threshold = poolThreshold(dim, quantile, pool, rng, condition, w);
    double limit = Math.min(threshold, MAX_CONDITION);
    double maxCosine = maxCosine(limit);
    double[][][] weights = new double[layers][][];
    for (int l = 0; l < layers; l++) {
      while (!(randomMatrix(rng, dim, w, maxCosine)
          && mayBeWithin(condition, w, limit)
          && condition.of(w) <= limit)) {
        // rejected: draw again
      }
      weights[l] = toRows(w, dim);
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

  public int dim() {
    return dim;
  }

  public int layers() {
    return layers.length;
  }

  /** The threshold every layer's condition number was accepted under. */
  public double conditionThreshold() {
    return conditionThreshold;
  }

  /** The 2-norm condition number of each layer's W. */
  public double[] conditionNumbers() {
    ConditionNumber condition = new ConditionNumber(dim);
    double[] c = new double[layers.length];
    for (int l = 0; l < layers.length; l++) {
      c[l] = condition.of(layers[l]);
    }
    return c;
  }

  /** A copy of the weights, {@code [layer][row][column]}. */
  public double[][][] weights() {
    double[][][] copy = new double[layers.length][][];
    for (int l = 0; l < layers.length; l++) {
      copy[l] = toRows(layers[l], dim);
    }
    return copy;
  }

  /**
   * g of one point, the sampler's hot path: reads {@code in}, writes {@code out}, uses
   * {@code tmp} as scratch; all of length d and pairwise distinct. Allocates nothing.
   */
  void forward(double[] in, double[] out, double[] tmp) {
    int last = layers.length - 1;
    double[] src = in;
    // Alternate buffers so that the last layer lands in out.
    double[] dst = (layers.length % 2 == 1) ? out : tmp;
    for (int l = 0; l <= last; l++) {
      double[] w = layers[l];
      for (int r = 0, o = 0; r < dim; r++, o += dim) {
        double s = 0;
        for (int c = 0; c < dim; c++) {
          s += w[o + c] * src[c];
        }
        dst[r] = (l < last && s < 0) ? NEGATIVE_SLOPE * s : s;
      }
      src = dst;
      dst = (dst == out) ? tmp : out;
    }
  }

  /** g applied to each row of the row-major n×d {@code z}. */
  public double[] forward(double[] z) {
    checkRows(z.length);
    double[] x = new double[z.length];
    double[] in = new double[dim];
    double[] out = new double[dim];
    double[] tmp = new double[dim];
    for (int i = 0; i < z.length; i += dim) {
      System.arraycopy(z, i, in, 0, dim);
      forward(in, out, tmp);
      System.arraycopy(out, 0, x, i, dim);
    }
    return x;
  }

  /** g applied to each row of the row-major n×d {@code z}, computed in double precision. */
  public float[] forward(float[] z) {
    return toFloat(forward(toDouble(z)));
  }

  /**
   * g^{-1} applied to each row of the row-major n×d {@code x}: layer by layer from the last,
   * solve W h = y (LU), then undo the LeakyReLU that preceded this layer.
   */
  public double[] invert(double[] x) {
    checkRows(x.length);
    int n = x.length / dim;
    // Points as columns (d×n), so one factorisation per layer serves the whole batch.
    DMatrixRMaj y = new DMatrixRMaj(dim, n);
    CommonOps_DDRM.transpose(DMatrixRMaj.wrap(n, dim, x), y);
    DMatrixRMaj h = new DMatrixRMaj(dim, n);
    LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(dim);
    for (int l = layers.length - 1; l >= 0; l--) {
      if (!lu.setA(DMatrixRMaj.wrap(dim, dim, layers[l].clone()))) {
        throw new ArithmeticException("layer " + l + " is singular");
      }
      lu.solve(y, h);
      if (l > 0) {
        // Undo the LeakyReLU that followed the previous layer.
        for (int i = 0; i < h.data.length; i++) {
          if (h.data[i] < 0) {
            h.data[i] /= NEGATIVE_SLOPE;
          }
        }
      }
      DMatrixRMaj swap = y;
      y = h;
      h = swap;
    }
    DMatrixRMaj z = new DMatrixRMaj(n, dim);
    CommonOps_DDRM.transpose(y, z);
    return z.data;
  }

  /** g^{-1} applied to each row of the row-major n×d {@code x}, computed in double precision. */
  public float[] invert(float[] x) {
    return toFloat(invert(toDouble(x)));
  }

  private void checkRows(int length) {
    if (length % dim != 0) {
      throw new IllegalArgumentException(length + " values are not rows of length " + dim);
    }
  }

  private static double[][] toRows(double[] w, int dim) {
    double[][] rows = new double[dim][];
    for (int r = 0; r < dim; r++) {
      rows[r] = Arrays.copyOfRange(w, r * dim, (r + 1) * dim);
    }
    return rows;
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
