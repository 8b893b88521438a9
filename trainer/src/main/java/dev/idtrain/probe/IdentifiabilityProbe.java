package dev.idtrain.probe;

import dev.idtrain.event.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Scores one {@link ProbeSnapshot}: how well the representation recovers the latents
 * (docs/SCIENCE.md, the probes). Every fitted figure is fitted on the first half of its rows and scored on the
 * second, never on fitted data. Stateless, so it may run on any thread.
 */
public final class IdentifiabilityProbe {
  private IdentifiabilityProbe() {}

  /** A map's data split by row: the first half fits it, the second half scores it. */
  private record Halves(DMatrixRMaj fitX, DMatrixRMaj fitY, DMatrixRMaj scoreX,
      DMatrixRMaj scoreY) {
    static Halves of(DMatrixRMaj x, DMatrixRMaj y) {
      int half = x.numRows / 2;
      return new Halves(CommonOps_DDRM.extract(x, 0, half, 0, x.numCols),
          CommonOps_DDRM.extract(y, 0, half, 0, y.numCols),
          CommonOps_DDRM.extract(x, half, x.numRows, 0, x.numCols),
          CommonOps_DDRM.extract(y, half, y.numRows, 0, y.numCols));
    }

    /** Per output, the R² on the second half of the map (affine or not) fit on the first. */
    double[] r2(boolean intercept) {
      return LinearProbe.fit(fitX, fitY, intercept).r2(scoreX, scoreY);
    }
  }

  /** All figures of one snapshot, {@code seconds} = encoding plus scoring time. */
  public static TrainingEvent.Probe score(ProbeSnapshot s) {
    long start = System.nanoTime();
    int dim = s.dim();
    DMatrixRMaj features = LinearProbe.rows(s.features(), dim, 0, s.samples());
    DMatrixRMaj latents = LinearProbe.rows(s.latents(), dim, 0, s.samples());
    Halves z = Halves.of(features, latents);
    double[] affine = z.r2(true);
    double[] linear = z.r2(false);
    double[] singular = LinearProbe.fit(features, latents, false).singularValues();

    List<Double> perDim = new ArrayList<>(dim);
    for (double r : affine) {
      perDim.add(r);
    }
    double orthogonality =
        orthogonalityMae(singular, s.normalizedRows(), s.temperature() / s.kappa());
    DMatrixRMaj headRows = LinearProbe.rows(s.headRows(), dim, 0, s.headCount());
    DMatrixRMaj clusterTargets = clusterTargets(s);
    Halves w = Halves.of(headRows, clusterTargets);
    double[] clusterSingular = LinearProbe.fit(headRows, clusterTargets, false).singularValues();
    double alignment = alignment(s.features(), s.headRows(), s.targets(), dim);
    double accuracy = accuracy(s.predicted(), s.targets());
    double ratio = temperatureRatio(s.learnedTemperature(), s.temperature(), s.kappa());
    double scoringSeconds = (System.nanoTime() - start) / 1e9;
    return new TrainingEvent.Probe(
        s.step(),
        s.elapsedSeconds(),
        s.loss(),
        LinearProbe.mean(affine),
        LinearProbe.mean(linear),
        perDim,
        orthogonality,
        LinearProbe.mean(w.r2(true)),
        LinearProbe.mean(w.r2(false)),
        // Unit rows and unit cluster vectors make the head rows' map orthogonal: 1.
        orthogonalityMae(clusterSingular, s.normalizedRows(), 1),
        alignment,
        accuracy,
        ratio,
        s.encodeSeconds() + scoringSeconds,
        List.of());
  }

  /**
   * Mean absolute deviation of the singular values s_i of a no-intercept map from the common
   * value the theorem predicts, {@code expected}, when the head's rows are unit normalised;
   * otherwise only a common value is predicted, so the deviation of s_i / mean(s) from 1. Zero
   * for a (scaled) orthogonal map.
   */
  public static double orthogonalityMae(
      double[] singularValues, boolean normalizedRows, double expected) {
    double meanS = LinearProbe.mean(singularValues);
    double sum = 0;
    for (double si : singularValues) {
      sum += normalizedRows ? Math.abs(si - expected) : Math.abs(si / meanS - 1);
    }
    return sum / singularValues.length;
  }

  /** Row k of the head's targets: the cluster vector of row k's class, v_class(k). */
  private static DMatrixRMaj clusterTargets(ProbeSnapshot s) {
    int dim = s.dim();
    double[][] v = s.clusterVectors();
    DMatrixRMaj targets = new DMatrixRMaj(s.headCount(), dim);
    for (int k = 0; k < s.headCount(); k++) {
      System.arraycopy(v[s.classOfRow(k)], 0, targets.data, k * dim, dim);
    }
    return targets;
  }

  /**
   * Mean cosine between each feature f(x_m) and the head row of its own target, what
   * cross-entropy pushes up. A zero vector counts as cosine 0.
   */
  public static double alignment(float[] features, float[] headRows, int[] targets, int dim) {
    double sum = 0;
    for (int m = 0; m < targets.length; m++) {
      int f = m * dim;
      int w = targets[m] * dim;
      double dot = 0;
      double ff = 0;
      double ww = 0;
      for (int j = 0; j < dim; j++) {
        dot += (double) features[f + j] * headRows[w + j];
        ff += (double) features[f + j] * features[f + j];
        ww += (double) headRows[w + j] * headRows[w + j];
      }
      double norms = Math.sqrt(ff * ww);
      sum += norms > 0 ? dot / norms : 0;
    }
    return sum / targets.length;
  }

  /** Top-1 accuracy: the fraction of samples whose predicted label is their target. */
  public static double accuracy(int[] predicted, int[] targets) {
    int hits = 0;
    for (int m = 0; m < targets.length; m++) {
      hits += predicted[m] == targets[m] ? 1 : 0;
    }
    return (double) hits / targets.length;
  }

  /** beta / kappa when beta is learned (theory: -> 1 with both normalisations), else NaN. */
  public static double temperatureRatio(boolean learned, double temperature, double kappa) {
    return learned ? temperature / kappa : Double.NaN;
  }
}
