package dev.idtrain.dgp;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The 2-norm condition number sigma_max / sigma_min of square matrices, with a reused
 * singular-value decomposition (no per-call allocation): the generator draws tens of thousands
 * of candidate matrices per run. Not thread safe.
 */
final class ConditionNumber {

  private final int dim;
  private final DMatrixRMaj work;
  private final SingularValueDecomposition_F64<DMatrixRMaj> svd;
  // Scratch for the lower bound.
  private final double[] gram;
  private final double[] chol;
  private final double[] u;
  private final double[] v;
  private final double[] tmp;

  ConditionNumber(int dim) {
    this.dim = dim;
    this.work = new DMatrixRMaj(dim, dim);
    this.svd = DecompositionFactory_DDRM.svd(dim, dim, false, false, true);
    this.gram = new double[dim * dim];
    this.chol = new double[dim * dim];
    this.u = new double[dim];
    this.v = new double[dim];
    this.tmp = new double[dim];
  }

  /** Exact (to rounding) condition number of row-major d×d {@code w}; infinite if singular. */
  double of(double[] w) {
    System.arraycopy(w, 0, work.data, 0, dim * dim);
    if (!svd.decompose(work)) {
      return Double.POSITIVE_INFINITY;
    }
    double[] s = svd.getSingularValues();
    double max = 0;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < svd.numberOfSingularValues(); i++) {
      max = Math.max(max, s[i]);
      min = Math.min(min, s[i]);
    }
    return min > 0 ? max / min : Double.POSITIVE_INFINITY;
  }

  /**
   * A cheap lower bound on the condition number, so that most candidates the generator rejects
   * skip the SVD. Any unit vector u gives sigma_max >= |W u|; sigma_min^2 is at most every
   * Cholesky pivot of G = W^T W (each is 1 / (G_{1..k}^{-1})_kk >= lambda_min) and at most
   * |W v|^2 for any unit v. A few power iterations on G point u near the top right-singular
   * vector, a few inverse iterations point v near the bottom one, which makes the bound tight
   * (typically within 10%). Stops refining once the bound exceeds {@code enough}. Returns 1 (no
   * information) if G is not numerically positive definite. Exact up to rounding, which
   * {@link #slack} covers.
   */
  double lowerBound(double[] w, double enough) {
    // G = W^T W, accumulated row by row of W for contiguous access.
    Arrays.fill(gram, 0);
    for (int o = 0; o < dim * dim; o += dim) {
      for (int a = 0; a < dim; a++) {
        double wa = w[o + a];
        int g = a * dim;
        for (int b = 0; b <= a; b++) {
          gram[g + b] += wa * w[o + b];
        }
      }
    }
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < a; b++) {
        gram[b * dim + a] = gram[a * dim + b];
      }
    }
    for (int j = 0; j < dim; j++) {
      u[j] = 1 + (double) j / dim;
      v[j] = u[j];
    }
    for (int it = 0; it < ITERATIONS; it++) {
      multiplyGram(u, tmp);
      normalizeInto(tmp, u);
    }
    double top = normOfProduct(w, u);
    double minPivot = cholesky();
    if (!(minPivot > 0)) {
      return 1;
    }
    double bound = top / minPivot;
    for (int it = 0; it < ITERATIONS && bound <= enough; it++) {
      solveGram(v);
      normalizeInto(v, v);
      double bottom = normOfProduct(w, v);
      bound = Math.max(bound, bottom > 0 ? top / bottom : bound);
    }
    return bound;
  }

  /**
   * Relative slack to allow a lower bound against an exact threshold: the pivots come from G,
   * whose rounding grows like d eps cond^2.
   */
  static double slack(double bound) {
    return 1e-8 + 1e-13 * bound * bound;
  }

  private static final int ITERATIONS = 3;

  private void multiplyGram(double[] x, double[] out) {
    for (int a = 0; a < dim; a++) {
      double s = 0;
      for (int b = 0; b < dim; b++) {
        s += gram[a * dim + b] * x[b];
      }
      out[a] = s;
    }
  }

  /** Cholesky G = L L^T into the lower triangle of {@code chol}; returns the least pivot L_kk. */
  private double cholesky() {
    double minPivot = Double.POSITIVE_INFINITY;
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b <= a; b++) {
        double s = gram[a * dim + b];
        for (int k = 0; k < b; k++) {
          s -= chol[a * dim + k] * chol[b * dim + k];
        }
        if (a == b) {
          if (!(s > 0)) {
            return 0;
          }
          chol[a * dim + a] = Math.sqrt(s);
          minPivot = Math.min(minPivot, chol[a * dim + a]);
        } else {
          chol[a * dim + b] = s / chol[b * dim + b];
        }
      }
    }
    return minPivot;
  }

  /** x <- G^{-1} x by forward then backward substitution. */
  private void solveGram(double[] x) {
    for (int a = 0; a < dim; a++) {
      double s = x[a];
      for (int k = 0; k < a; k++) {
        s -= chol[a * dim + k] * x[k];
      }
      x[a] = s / chol[a * dim + a];
    }
    for (int a = dim - 1; a >= 0; a--) {
      double s = x[a];
      for (int k = a + 1; k < dim; k++) {
        s -= chol[k * dim + a] * x[k];
      }
      x[a] = s / chol[a * dim + a];
    }
  }

  private void normalizeInto(double[] x, double[] out) {
    double n = 0;
    for (int j = 0; j < dim; j++) {
      n += x[j] * x[j];
    }
    double inv = 1 / Math.sqrt(n);
    for (int j = 0; j < dim; j++) {
      out[j] = x[j] * inv;
    }
  }

  /** |W x| for unit x, computed from W itself (not G) to keep small values accurate. */
  private double normOfProduct(double[] w, double[] x) {
    double n = 0;
    for (int r = 0, o = 0; r < dim; r++, o += dim) {
      double s = 0;
      for (int c = 0; c < dim; c++) {
        s += w[o + c] * x[c];
      }
      n += s * s;
    }
    return Math.sqrt(n);
  }
}
