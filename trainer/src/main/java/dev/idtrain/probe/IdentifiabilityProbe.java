package dev.idtrain.probe;

import dev.idtrain.event.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Scores one {@link ProbeSnapshot}: how well the representation recovers the latents
 * (docs/SCIENCE.md, the probes). Every fitted figure is fitted on the first half of its rows and scored on the
 * second, never on fitted data. Stateless, so it may run on any thread.
 */
public final class IdentifiabilityProbe {
  private IdentifiabilityProbe() {}

  /** All figures of one snapshot, {@code seconds} = encoding plus scoring time. */
  public static TrainingEvent.Probe score(ProbeSnapshot s) {
    long start = System.nanoTime();
    int dim = s.dim();
    int m = s.samples();
    int half = m / 2;
    DMatrixRMaj fitFeatures = LinearProbe.rows(s.features(), dim, 0, half);
    DMatrixRMaj fitLatents = LinearProbe.rows(s.latents(), dim, 0, half);
    DMatrixRMaj scoreFeatures = LinearProbe.rows(s.features(), dim, half, m);
    DMatrixRMaj scoreLatents = LinearProbe.rows(s.latents(), dim, half, m);

    double[] affine = LinearProbe.fit(fitFeatures, fitLatents, true).r2(scoreFeatures, scoreLatents);
    double[] linear = LinearProbe.fit(fitFeatures, fitLatents, false).r2(scoreFeatures, scoreLatents);
    double[] singular = LinearProbe.fit(
        LinearProbe.rows(s.features(), dim, 0, m), LinearProbe.rows(s.latents(), dim, 0, m), false)
        .singularValues();

    List<Double> perDim = new ArrayList<>(dim);
    for (double r : affine) {
      perDim.add(r);
    }
    double orthogonality =
        orthogonalityMae(singular, s.normalizedRows(), s.temperature() / s.kappa());
    DMatrixRMaj clusterTargets = clusterTargets(s);
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
        clusterR2(s, clusterTargets, true),
        clusterR2(s, clusterTargets, false),
        clusterOrthogonalityMae(s, clusterTargets),
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
   * R² of head rows to the cluster vectors of their classes, w_k -> v_class(k), affine or
   * without intercept: the first half of the rows (by index) fit, the second half score,
   * averaged over dimensions.
   */
  private static double clusterR2(ProbeSnapshot s, DMatrixRMaj targets, boolean intercept) {
    int dim = s.dim();
    int rows = s.headCount();
    int half = rows / 2;
    DMatrixRMaj fitTargets = new DMatrixRMaj(half, dim);
    DMatrixRMaj scoreTargets = new DMatrixRMaj(rows - half, dim);
    System.arraycopy(targets.data, 0, fitTargets.data, 0, half * dim);
    System.arraycopy(targets.data, half * dim, scoreTargets.data, 0, (rows - half) * dim);
    LinearProbe map =
        LinearProbe.fit(LinearProbe.rows(s.headRows(), dim, 0, half), fitTargets, intercept);
    return LinearProbe.mean(map.r2(LinearProbe.rows(s.headRows(), dim, half, rows), scoreTargets));
  }

  /**
   * Orthogonality error of the no-intercept map w_k -> v_class(k), fitted on all rows: unit
   * rows and unit cluster vectors make it orthogonal, singular values 1.
   */
  private static double clusterOrthogonalityMae(ProbeSnapshot s, DMatrixRMaj targets) {
    double[] singular = LinearProbe.fit(
        LinearProbe.rows(s.headRows(), s.dim(), 0, s.headCount()), targets, false).singularValues();
    return orthogonalityMae(singular, s.normalizedRows(), 1);
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
