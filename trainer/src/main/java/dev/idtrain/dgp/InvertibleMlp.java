package dev.idtrain.dgp;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The generator g: R^d -> R^d, x = g(z): L bias-free d×d linear layers
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
   * Draws a generator as the reference code does (see {@link ConditionedLayers}): the layers'
   * condition numbers at most the {@code quantile} of those of {@code pool} random matrices.
   */
  public static InvertibleMlp draw(
      int dim, int layers, double quantile, int pool, UniformRandomProvider rng) {
    return ConditionedLayers.draw(dim, layers, quantile, pool, rng);
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

  static double[][] toRows(double[] w, int dim) {
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
