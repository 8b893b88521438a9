package dev.idtrain.probe;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * An ordinary-least-squares map y ≈ A x (+ b), the readout the identifiability figures are
 * built on. Solved by column-pivoted QR, not the normal equations: features early
 * in training can be nearly collinear, and squaring their condition number would wreck the fit
 * (rank-deficient inputs get the minimum-norm solution). Immutable.
 */
public final class LinearProbe {

  private final int inputs;
  private final int outputs;
  private final boolean intercept;
  /** (inputs [+ 1]) × outputs; the last row is b when fitted with an intercept. NaN if unfit. */
  private final DMatrixRMaj coefficients;

  private LinearProbe(int inputs, int outputs, boolean intercept, DMatrixRMaj coefficients) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.intercept = intercept;
    this.coefficients = coefficients;
  }

  /**
   * Fits y ≈ A x (+ b) on the rows of {@code x} (n × inputs) and {@code y} (n × outputs). With
   * fewer rows than parameters the fit is underdetermined and every coefficient is NaN, so
   * every figure derived from it is NaN too rather than a meaningless number.
   */
  public static LinearProbe fit(DMatrixRMaj x, DMatrixRMaj y, boolean intercept) {
    if (x.numRows != y.numRows) {
      throw new IllegalArgumentException(x.numRows + " inputs for " + y.numRows + " outputs");
    }
    int params = x.numCols + (intercept ? 1 : 0);
    DMatrixRMaj coefficients = new DMatrixRMaj(params, y.numCols);
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquaresQrPivot(true, false);
    if (x.numRows < params || !solver.setA(design(x, intercept))) {
      Arrays.fill(coefficients.data, Double.NaN);
    } else {
      solver.solve(y.copy(), coefficients);
    }
    return new LinearProbe(x.numCols, y.numCols, intercept, coefficients);
  }

  /** [x, 1] with an intercept, a copy of x otherwise (the solver may overwrite its input). */
  private static DMatrixRMaj design(DMatrixRMaj x, boolean intercept) {
    if (!intercept) {
      return x.copy();
    }
    DMatrixRMaj a = new DMatrixRMaj(x.numRows, x.numCols + 1);
    for (int r = 0; r < x.numRows; r++) {
      System.arraycopy(x.data, r * x.numCols, a.data, r * a.numCols, x.numCols);
      a.data[r * a.numCols + x.numCols] = 1;
    }
    return a;
  }

  /** Predictions A x (+ b) for the rows of {@code x}. */
  public DMatrixRMaj predict(DMatrixRMaj x) {
    if (x.numCols != inputs) {
      throw new IllegalArgumentException(x.numCols + " inputs, the map takes " + inputs);
    }
    DMatrixRMaj y = new DMatrixRMaj(x.numRows, outputs);
    CommonOps_DDRM.mult(design(x, intercept), coefficients, y);
    return y;
  }

  /**
   * R²_j = 1 - SS_res / SS_tot of each output on the rows given, SS_tot taken around these
   * rows' own mean: on held-out rows this is the out-of-sample R², which can be negative. NaN
   * for an output that does not vary.
   */
  public double[] r2(DMatrixRMaj x, DMatrixRMaj y) {
    return r2Of(predict(x), y);
  }

  /**
   * Pearson's r of each output's predictions with its values on the rows given. NaN for an
   * output that, or whose predictions, do not vary.
   */
  public double[] correlations(DMatrixRMaj x, DMatrixRMaj y) {
    return correlationsOf(predict(x), y);
  }

  /** {@link #r2} of any predictions of {@code y}, row for row. */
  public static double[] r2Of(DMatrixRMaj predicted, DMatrixRMaj y) {
    int n = y.numRows;
    int outputs = y.numCols;
    double[] r2 = new double[outputs];
    for (int j = 0; j < outputs; j++) {
      double mean = columnMean(y, j);
      double residual = 0;
      double total = 0;
      for (int r = 0; r < n; r++) {
        double v = y.data[r * outputs + j];
        double e = v - predicted.data[r * outputs + j];
        residual += e * e;
        total += (v - mean) * (v - mean);
      }
      r2[j] = total > 0 ? 1 - residual / total : Double.NaN;
    }
    return r2;
  }

  /** {@link #correlations} of any predictions of {@code y}, row for row. */
  public static double[] correlationsOf(DMatrixRMaj predicted, DMatrixRMaj y) {
    int n = y.numRows;
    int outputs = y.numCols;
    double[] r = new double[outputs];
    for (int j = 0; j < outputs; j++) {
      double meanY = columnMean(y, j);
      double meanP = columnMean(predicted, j);
      double yy = 0;
      double pp = 0;
      double yp = 0;
      for (int i = 0; i < n; i++) {
        double dy = y.data[i * outputs + j] - meanY;
        double dp = predicted.data[i * outputs + j] - meanP;
        yy += dy * dy;
        pp += dp * dp;
        yp += dy * dp;
      }
      r[j] = yy > 0 && pp > 0 ? yp / Math.sqrt(yy * pp) : Double.NaN;
    }
    return r;
  }

  private static double columnMean(DMatrixRMaj m, int j) {
    double sum = 0;
    for (int r = 0; r < m.numRows; r++) {
      sum += m.data[r * m.numCols + j];
    }
    return sum / m.numRows;
  }

  /** The linear part A (outputs × inputs), a copy. */
  public DMatrixRMaj map() {
    DMatrixRMaj a = new DMatrixRMaj(outputs, inputs);
    for (int i = 0; i < inputs; i++) {
      for (int j = 0; j < outputs; j++) {
        a.unsafe_set(j, i, coefficients.unsafe_get(i, j));
      }
    }
    return a;
  }

  /** The intercept b (zeros when fitted without one). */
  public double[] offset() {
    double[] b = new double[outputs];
    if (intercept) {
      System.arraycopy(coefficients.data, inputs * outputs, b, 0, outputs);
    }
    return b;
  }

  /** Singular values of A, largest first; NaN if the fit failed or is not finite. */
  public double[] singularValues() {
    DMatrixRMaj a = map();
    int count = Math.min(inputs, outputs);
    for (double v : a.data) {
      if (!Double.isFinite(v)) {
        return nans(count);
      }
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(outputs, inputs, false, false, true);
    if (!svd.decompose(a)) {
      return nans(count);
    }
    double[] s = Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
    Arrays.sort(s);
    for (int i = 0, k = s.length - 1; i < k; i++, k--) {
      double t = s[i];
      s[i] = s[k];
      s[k] = t;
    }
    return s;
  }

  private static double[] nans(int n) {
    double[] v = new double[n];
    Arrays.fill(v, Double.NaN);
    return v;
  }

  /** Rows {@code [from, to)} of a row-major float array with {@code dim} columns, as doubles. */
  public static DMatrixRMaj rows(float[] data, int dim, int from, int to) {
    DMatrixRMaj m = new DMatrixRMaj(to - from, dim);
    for (int i = 0, o = from * dim; i < m.data.length; i++, o++) {
      m.data[i] = data[o];
    }
    return m;
  }

  /** The uniform mean; NaN if any value is NaN. */
  public static double mean(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }
}
