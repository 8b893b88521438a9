package dev.idtrain.probe;

import dev.idtrain.config.SpriteFactor;
import dev.idtrain.event.TrainingEvent.FactorFigure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The paper's raw-pixel baseline (Tab. 4): the {@link FactorProbe}'s decoders fitted on the
 * images themselves instead of the features. An image has 4096 inputs, so the decoders are fitted
 * on a set of their own, {@value #FIT_SAMPLES} images (sixteen per input), and scored on
 * {@value #SCORE_SAMPLES} more; both go through in blocks, the fit as the normal equations of
 * binary inputs, which need only the pixels an image has on. Pixels that no sprite reaches are
 * constant, so the fit is least squares with a ridge of {@value #RIDGE} on every coefficient
 * but the intercept: it gives those pixels 0 and leaves the others as least squares has them
 * (every pixel in reach is on in hundreds of fitted images). Orientation is fitted and scored on
 * hearts only, as in the factor probe.
 */
public final class PixelBaseline {
  public static final int FIT_SAMPLES = 65_536;
  public static final int SCORE_SAMPLES = 8_192;
  static final double RIDGE = 1;
  private static final List<SpriteFactor> DIRECT = List.of(SpriteFactor.SCALE, SpriteFactor.X, SpriteFactor.Y);

  private final int pixels;
  private final int heart;
  private final NormalEquations direct;
  private final NormalEquations orientation;

  /** @param heart the shape whose orientation is decoded */
  public PixelBaseline(int pixels, int heart) {
    this.pixels = pixels;
    this.heart = heart;
    this.direct = new NormalEquations(pixels, DIRECT.size());
    this.orientation = new NormalEquations(pixels, 2);
  }

  /** Adds a block of fit images: row-major pixels, factors in {@link SpriteFactor}'s order. */
  public void fit(float[] images, float[] factors, int[] shapes) {
    double[] y = new double[DIRECT.size()];
    double[] angle = new double[2];
    for (int m = 0; m < shapes.length; m++) {
      int[] on = on(images, m);
      targets(factors, m, y);
      direct.add(on, y);
      if (shapes[m] == heart) {
        angles(factors, m, angle);
        orientation.add(on, angle);
      }
    }
  }

  /** The fitted decoders, to score held-out images with. */
  public Scores solve() {
    return new Scores(direct.solve(), orientation.solve());
  }

  /** The baseline's decoders and the held-out images they have scored so far. */
  public final class Scores {
    private final DMatrixRMaj directMap;
    private final DMatrixRMaj orientationMap;
    private final List<double[]> directTruth = new ArrayList<>();
    private final List<double[]> directPredicted = new ArrayList<>();
    private final List<double[]> angleTruth = new ArrayList<>();
    private final List<double[]> anglePredicted = new ArrayList<>();

    private Scores(DMatrixRMaj directMap, DMatrixRMaj orientationMap) {
      this.directMap = directMap;
      this.orientationMap = orientationMap;
    }

    /** Scores a block of held-out images. */
    public void score(float[] images, float[] factors, int[] shapes) {
      for (int m = 0; m < shapes.length; m++) {
        int[] on = on(images, m);
        double[] y = new double[DIRECT.size()];
        targets(factors, m, y);
        directTruth.add(y);
        directPredicted.add(NormalEquations.predict(directMap, on));
        if (shapes[m] == heart) {
          double[] angle = new double[2];
          angles(factors, m, angle);
          angleTruth.add(angle);
          anglePredicted.add(NormalEquations.predict(orientationMap, on));
        }
      }
    }

    /** Each factor's figures on the images scored, in {@link SpriteFactor}'s order. */
    public List<FactorFigure> figures() {
      DMatrixRMaj truth = matrix(directTruth, DIRECT.size());
      DMatrixRMaj predicted = matrix(directPredicted, DIRECT.size());
      double[] r = LinearProbe.correlationsOf(predicted, truth);
      double[] r2 = LinearProbe.r2Of(predicted, truth);
      List<FactorFigure> figures = new ArrayList<>();
      for (int f = 0; f < DIRECT.size(); f++) {
        figures.add(new FactorFigure(DIRECT.get(f).label(), r[f], r2[f]));
      }
      DMatrixRMaj angles = matrix(angleTruth, 2);
      DMatrixRMaj decoded = matrix(anglePredicted, 2);
      figures.add(new FactorFigure(SpriteFactor.ORIENTATION.label(),
          LinearProbe.mean(LinearProbe.correlationsOf(decoded, angles)),
          LinearProbe.mean(LinearProbe.r2Of(decoded, angles))));
      return figures;
    }
  }

  private int[] on(float[] images, int m) {
    int count = 0;
    int offset = m * pixels;
    for (int i = 0; i < pixels; i++) {
      count += images[offset + i] != 0 ? 1 : 0;
    }
    int[] on = new int[count];
    for (int i = 0, k = 0; i < pixels; i++) {
      if (images[offset + i] != 0) {
        on[k++] = i;
      }
    }
    return on;
  }

  private static void targets(float[] factors, int m, double[] y) {
    int stride = SpriteFactor.values().length;
    for (int f = 0; f < DIRECT.size(); f++) {
      y[f] = factors[m * stride + DIRECT.get(f).ordinal()];
    }
  }

  private static void angles(float[] factors, int m, double[] angle) {
    double theta = factors[m * SpriteFactor.values().length + SpriteFactor.ORIENTATION.ordinal()];
    angle[0] = Math.cos(theta);
    angle[1] = Math.sin(theta);
  }

  private static DMatrixRMaj matrix(List<double[]> rows, int columns) {
    DMatrixRMaj m = new DMatrixRMaj(rows.size(), columns);
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, m.data, r * columns, columns);
    }
    return m;
  }

  /**
   * XᵀX and Xᵀy of an affine fit on binary inputs, the intercept as input {@code inputs}, added
   * one sample at a time from the inputs that are on.
   */
  static final class NormalEquations {
    private final int size;
    private final int outputs;
    private final DMatrixRMaj gram;
    private final DMatrixRMaj moments;

    NormalEquations(int inputs, int outputs) {
      this.size = inputs + 1;
      this.outputs = outputs;
      this.gram = new DMatrixRMaj(size, size);
      this.moments = new DMatrixRMaj(size, outputs);
    }

    void add(int[] on, double[] y) {
      int intercept = size - 1;
      double[] g = gram.data;
      for (int a : on) {
        for (int b : on) {
          if (b >= a) {
            g[a * size + b]++;
          }
        }
        g[a * size + intercept]++;
        for (int j = 0; j < outputs; j++) {
          moments.data[a * outputs + j] += y[j];
        }
      }
      g[intercept * size + intercept]++;
      for (int j = 0; j < outputs; j++) {
        moments.data[intercept * outputs + j] += y[j];
      }
    }

    /** The coefficients, the intercept's last; NaN if the system cannot be solved. */
    DMatrixRMaj solve() {
      DMatrixRMaj a = gram.copy();
      for (int r = 0; r < size; r++) {
        for (int c = 0; c < r; c++) {
          a.data[r * size + c] = a.data[c * size + r];
        }
        if (r < size - 1) {
          a.data[r * size + r] += RIDGE;
        }
      }
      DMatrixRMaj coefficients = new DMatrixRMaj(size, outputs);
      LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(size);
      if (solver.setA(a)) {
        solver.solve(moments, coefficients);
      } else {
        Arrays.fill(coefficients.data, Double.NaN);
      }
      return coefficients;
    }

    static double[] predict(DMatrixRMaj coefficients, int[] on) {
      int outputs = coefficients.numCols;
      int intercept = coefficients.numRows - 1;
      double[] y = new double[outputs];
      for (int j = 0; j < outputs; j++) {
        double v = coefficients.data[intercept * outputs + j];
        for (int a : on) {
          v += coefficients.data[a * outputs + j];
        }
        y[j] = v;
      }
      return y;
    }
  }
}
