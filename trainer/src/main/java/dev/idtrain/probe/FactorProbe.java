package dev.idtrain.probe;

import dev.idtrain.config.SpriteFactor;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.FactorFigure;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;

/**
 * Scores a {@link FactorSnapshot} as the paper scores dSprites (Tab. 4): an affine decoder from
 * the features to each factor, fitted by least squares on the first half of the held-out set and
 * scored on the second, by Pearson's r (the paper's figure) and R². Neither figure depends on how
 * a factor is scaled or shifted, so targets are fitted as they are. Orientation, which the paper
 * leaves out, is decoded as (cos θ, sin θ) on hearts only: a quarter turn leaves a square, and a
 * half turn an ellipse, unchanged, so their images do not show it. Its figures are the means of
 * the two components'. Stateless.
 */
public final class FactorProbe {
  /** The factors read directly, whose R² make up the probe's affine and linear R². */
  private static final List<SpriteFactor> DIRECT = List.of(SpriteFactor.SCALE, SpriteFactor.X, SpriteFactor.Y);

  private FactorProbe() {}

  public static TrainingEvent.Probe score(FactorSnapshot s) {
    long start = System.nanoTime();
    int m = s.samples();
    int half = m / 2;
    DMatrixRMaj targets = targets(s, DIRECT);
    DMatrixRMaj fitFeatures = LinearProbe.rows(s.features(), s.featureDim(), 0, half);
    DMatrixRMaj scoreFeatures = LinearProbe.rows(s.features(), s.featureDim(), half, m);
    DMatrixRMaj fitTargets = rows(targets, 0, half);
    DMatrixRMaj scoreTargets = rows(targets, half, m);
    LinearProbe affine = LinearProbe.fit(fitFeatures, fitTargets, true);
    double[] r2 = affine.r2(scoreFeatures, scoreTargets);
    double[] correlation = affine.correlations(scoreFeatures, scoreTargets);
    double[] linear = LinearProbe.fit(fitFeatures, fitTargets, false).r2(scoreFeatures, scoreTargets);

    List<FactorFigure> factors = new ArrayList<>();
    List<Double> perFactor = new ArrayList<>();
    for (int f = 0; f < DIRECT.size(); f++) {
      factors.add(new FactorFigure(DIRECT.get(f).label(), correlation[f], r2[f]));
      perFactor.add(r2[f]);
    }
    factors.add(orientation(s, half));
    double alignment = IdentifiabilityProbe.alignment(s.features(), s.headRows(), s.shapes(), s.featureDim());
    double accuracy = IdentifiabilityProbe.accuracy(s.predicted(), s.shapes());
    double seconds = s.encodeSeconds() + (System.nanoTime() - start) / 1e9;
    return new TrainingEvent.Probe(s.step(), s.elapsedSeconds(), s.loss(), LinearProbe.mean(r2),
        LinearProbe.mean(linear), perFactor, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        alignment, accuracy, Double.NaN, seconds, factors);
  }

  /** (cos θ, sin θ) decoded on the hearts of each half. */
  static FactorFigure orientation(FactorSnapshot s, int half) {
    int[] fit = hearts(s, 0, half);
    int[] score = hearts(s, half, s.samples());
    LinearProbe map = LinearProbe.fit(features(s, fit), angles(s, fit), true);
    DMatrixRMaj features = features(s, score);
    DMatrixRMaj angles = angles(s, score);
    return new FactorFigure(SpriteFactor.ORIENTATION.label(),
        LinearProbe.mean(map.correlations(features, angles)), LinearProbe.mean(map.r2(features, angles)));
  }

  private static int[] hearts(FactorSnapshot s, int from, int to) {
    return IntStream.range(from, to).filter(i -> s.shapes()[i] == s.heart()).toArray();
  }

  private static DMatrixRMaj features(FactorSnapshot s, int[] samples) {
    int dim = s.featureDim();
    DMatrixRMaj m = new DMatrixRMaj(samples.length, dim);
    for (int r = 0; r < samples.length; r++) {
      for (int j = 0; j < dim; j++) {
        m.data[r * dim + j] = s.features()[samples[r] * dim + j];
      }
    }
    return m;
  }

  private static DMatrixRMaj angles(FactorSnapshot s, int[] samples) {
    int stride = SpriteFactor.values().length;
    DMatrixRMaj m = new DMatrixRMaj(samples.length, 2);
    for (int r = 0; r < samples.length; r++) {
      double theta = s.factors()[samples[r] * stride + SpriteFactor.ORIENTATION.ordinal()];
      m.data[2 * r] = Math.cos(theta);
      m.data[2 * r + 1] = Math.sin(theta);
    }
    return m;
  }

  /** The given factors of every sample, M×|factors|. */
  private static DMatrixRMaj targets(FactorSnapshot s, List<SpriteFactor> factors) {
    int stride = SpriteFactor.values().length;
    DMatrixRMaj m = new DMatrixRMaj(s.samples(), factors.size());
    for (int i = 0; i < s.samples(); i++) {
      for (int f = 0; f < factors.size(); f++) {
        m.data[i * factors.size() + f] = s.factors()[i * stride + factors.get(f).ordinal()];
      }
    }
    return m;
  }

  private static DMatrixRMaj rows(DMatrixRMaj m, int from, int to) {
    DMatrixRMaj out = new DMatrixRMaj(to - from, m.numCols);
    System.arraycopy(m.data, from * m.numCols, out.data, 0, out.data.length);
    return out;
  }
}
