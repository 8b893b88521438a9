package dev.idtrain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.config.Objective;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.event.TrainingEvent;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.UnitSphereSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

class IdentifiabilityProbeTest {

  private static final int D = 5;
  private static final int M = 2000;
  private static final int K = 20;


  private static double[][] gaussian(UniformRandomProvider rng, int rows, int cols) {
    var g = ZigguratSampler.NormalizedGaussian.of(rng);
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = g.sample();
      }
    }
    return m;
  }

  /** A random orthogonal matrix: Gram–Schmidt on Gaussian rows. */
  private static double[][] orthogonal(UniformRandomProvider rng, int d) {
    double[][] q = gaussian(rng, d, d);
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < i; k++) {
        double dot = 0;
        for (int j = 0; j < d; j++) {
          dot += q[i][j] * q[k][j];
        }
        for (int j = 0; j < d; j++) {
          q[i][j] -= dot * q[k][j];
        }
      }
      double n = 0;
      for (int j = 0; j < d; j++) {
        n += q[i][j] * q[i][j];
      }
      for (int j = 0; j < d; j++) {
        q[i][j] /= Math.sqrt(n);
      }
    }
    return q;
  }

  private static double[][] scale(double[][] a, double c) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] *= c;
      }
    }
    return out;
  }

  /** Row-major rows of a (n×d) mapped by y = A v + b. */
  private static float[] map(double[][] rows, double[][] a, double[] b) {
    int d = a.length;
    float[] out = new float[rows.length * d];
    for (int r = 0; r < rows.length; r++) {
      for (int i = 0; i < d; i++) {
        double s = b[i];
        for (int j = 0; j < rows[r].length; j++) {
          s += a[i][j] * rows[r][j];
        }
        out[r * d + i] = (float) s;
      }
    }
    return out;
  }

  private static float[] flat(double[][] rows) {
    float[] out = new float[rows.length * rows[0].length];
    for (int r = 0; r < rows.length; r++) {
      for (int j = 0; j < rows[r].length; j++) {
        out[r * rows[r].length + j] = (float) rows[r][j];
      }
    }
    return out;
  }

  private static double[][] sphere(UniformRandomProvider rng, int n) {
    UnitSphereSampler s = UnitSphereSampler.of(rng, D);
    double[][] z = new double[n][];
    for (int i = 0; i < n; i++) {
      z[i] = s.sample();
    }
    return z;
  }

  /** A snapshot with latents z, the given features, and a supervised head W = V. */
  private static ProbeSnapshot snapshot(
      double[][] z, float[] features, double[][] clusters, boolean normalizedRows,
      double beta, double kappa) {
    int[] targets = new int[z.length];
    for (int m = 0; m < z.length; m++) {
      targets[m] = m % clusters.length;
    }
    return new ProbeSnapshot(7, 12.5, 0.25, 0.125, D, flat(z), features, targets,
        targets.clone(), flat(clusters), Objective.SUPERVISED, clusters, beta, kappa,
        normalizedRows, false);
  }

  @Test
  void anExactAffineEncoderScoresR2OfOne() {
    UniformRandomProvider rng = Seeds.probe(2, 0);
    double[][] z = sphere(rng, M);
    double[][] a = gaussian(rng, D, D);
    double[] b = {1, -2, 0.5, 0, 3};
    double[][] clusters = sphere(rng, K);
    TrainingEvent.Probe p = IdentifiabilityProbe.score(snapshot(z, map(z, a, b), clusters, false, 1, 10));
    // float features carry ~1e-7 relative rounding; with them exact in double R² would be 1
    // to 1e-15, so allow what single precision costs.
    assertThat(p.r2Affine()).isCloseTo(1, within(1e-9 + 1e-6));
    assertThat(p.r2PerDim()).hasSize(D).allSatisfy(r -> assertThat(r).isCloseTo(1, within(2e-6)));
    // On the sphere the offset is not linear in z, so the no-intercept map falls short.
    assertThat(p.r2Linear()).isLessThan(0.99);
    assertThat(p.step()).isEqualTo(7);
    assertThat(p.elapsedSeconds()).isEqualTo(12.5);
    assertThat(p.loss()).isEqualTo(0.25);
    assertThat(p.seconds()).isGreaterThanOrEqualTo(0.125);
  }

  @Test
  void anExactAffineMapInDoublePrecisionGivesR2OfOneToTheNinthDigit() {
    // The same check with features exactly representable as floats: z on a grid, A and b
    // small integers, so f = A z + b is exact in float and the probe must be exact in double.
    UniformRandomProvider rng = Seeds.probe(2, 1);
    double[][] z = new double[M][D];
    for (double[] row : z) {
      for (int j = 0; j < D; j++) {
        row[j] = rng.nextInt(64) / 64.0 - 0.5;
      }
    }
    double[][] a = {{2, 1, 0, 0, 0}, {0, 3, 1, 0, 0}, {1, 0, 1, 0, -1}, {0, 0, 0, 4, 1},
        {1, 1, 1, 1, 2}};
    double[] b = {1, -2, 0.5, 0, 3};
    TrainingEvent.Probe p = IdentifiabilityProbe.score(snapshot(z, map(z, a, b), sphere(rng, K), false, 1, 10));
    assertThat(p.r2Affine()).isCloseTo(1, within(1e-9));
    assertThat(p.r2PerDim()).allSatisfy(r -> assertThat(r).isCloseTo(1, within(1e-9)));
  }

  @Test
  void featuresUnrelatedToTheLatentsScoreAboutZero() {
    UniformRandomProvider rng = Seeds.probe(2, 2);
    double[][] z = sphere(rng, 8192);
    float[] noise = flat(gaussian(rng, 8192, D));
    TrainingEvent.Probe p = IdentifiabilityProbe.score(snapshot(z, noise, sphere(rng, K), false, 1, 10));
    assertThat(p.r2Affine()).isCloseTo(0, within(0.02));
    assertThat(p.r2Linear()).isCloseTo(0, within(0.02));
  }

  @Test
  void anOrthogonalMapHasNoOrthogonalityError() {
    UniformRandomProvider rng = Seeds.probe(2, 3);
    double[][] z = sphere(rng, M);
    double[][] o = orthogonal(rng, D);
    double[][] clusters = sphere(rng, K);
    // Unnormalised rows: any common scale is orthogonal enough.
    float[] scaled = map(z, scale(o, 3.5), new double[D]);
    assertThat(IdentifiabilityProbe.score(snapshot(z, scaled, clusters, false, 1, 10)).orthogonalityMae())
        .isCloseTo(0, within(1e-6));
    // Normalised rows: z = (beta / kappa) O^T f, i.e. f = (kappa / beta) O z.
    float[] predicted = map(z, scale(o, 10 / 2.0), new double[D]);
    assertThat(IdentifiabilityProbe.score(snapshot(z, predicted, clusters, true, 2, 10)).orthogonalityMae())
        .isCloseTo(0, within(1e-6));
    // ... and the wrong scale is an error of |s - beta/kappa| = |1/3.5 - 0.2|.
    assertThat(IdentifiabilityProbe.score(snapshot(z, scaled, clusters, true, 2, 10)).orthogonalityMae())
        .isCloseTo(1 / 3.5 - 0.2, within(1e-6));
  }

  @Test
  void orthogonalityErrorOfAKnownStretch() {
    // f = diag(2, 1, 1, 1, 1) z gives z = diag(1/2, 1, 1, 1, 1) f: s / mean(s) deviates from 1
    // by 0.5/0.9 - 1 once and 1/0.9 - 1 four times, a mean of 8/45.
    assertThat(IdentifiabilityProbe.orthogonalityMae(new double[] {1, 1, 1, 1, 0.5}, false, 0.1))
        .isCloseTo(8.0 / 45, within(1e-12));
    UniformRandomProvider rng = Seeds.probe(2, 4);
    double[][] z = sphere(rng, M);
    double[][] stretch = new double[D][D];
    for (int i = 0; i < D; i++) {
      stretch[i][i] = i == 0 ? 2 : 1;
    }
    TrainingEvent.Probe p = IdentifiabilityProbe.score(snapshot(z, map(z, stretch, new double[D]), sphere(rng, K), false, 1, 10));
    assertThat(p.orthogonalityMae()).isCloseTo(8.0 / 45, within(1e-6));
  }

  @Test
  void headRowsThatAreAnOrthogonalImageOfTheClusterVectorsScoreClusterR2OfOne() {
    UniformRandomProvider rng = Seeds.probe(2, 5);
    double[][] o = orthogonal(rng, D);
    double[][] v = sphere(rng, 100);
    double[][] z = sphere(rng, 64);
    float[] f = map(z, o, new double[D]);
    int[] targets = new int[64];

    // Supervised: row k is the image of v_k.
    ProbeSnapshot supervised = new ProbeSnapshot(0, 0, 0, 0, D, flat(z), f, targets, targets,
        map(v, o, new double[D]), Objective.SUPERVISED, v, 1, 10, false, false);
    assertThat(IdentifiabilityProbe.score(supervised).clusterR2()).isCloseTo(1, within(1e-6));

    // DIET: N = 1000 instance rows, row k is the image of v_{k mod K}, plus a common offset.
    double[][] instances = new double[1000][];
    for (int k = 0; k < instances.length; k++) {
      instances[k] = v[k % v.length];
    }
    float[] dietRows = map(instances, scale(o, 0.3), new double[] {1, 0, 0, -1, 0});
    ProbeSnapshot diet = new ProbeSnapshot(0, 0, 0, 0, D, flat(z), f, targets, targets,
        dietRows, Objective.DIET, v, 1, 10, false, false);
    assertThat(IdentifiabilityProbe.score(diet).clusterR2()).isCloseTo(1, within(1e-6));

    // Rows built with the wrong class mapping (class = k / 10) explain little.
    double[][] blocks = new double[1000][];
    for (int k = 0; k < blocks.length; k++) {
      blocks[k] = v[k / 10];
    }
    ProbeSnapshot wrong = new ProbeSnapshot(0, 0, 0, 0, D, flat(z), f, targets, targets,
        map(blocks, o, new double[D]), Objective.DIET, v, 1, 10, false, false);
    assertThat(IdentifiabilityProbe.score(wrong).clusterR2()).isLessThan(0.2);
  }

  /** A DIET snapshot whose 1000 instance rows are {@code rows} (row k of class k mod K). */
  private static ProbeSnapshot dietRows(float[] rows, double[][] v, boolean normalizedRows) {
    int[] targets = new int[64];
    UniformRandomProvider rng = Seeds.probe(2, 7);
    double[][] z = sphere(rng, 64);
    return new ProbeSnapshot(0, 0, 0, 0, D, flat(z), flat(z), targets, targets, rows,
        Objective.DIET, v, 1, 10, normalizedRows, false);
  }

  private static double[][] instances(double[][] v) {
    double[][] instances = new double[1000][];
    for (int k = 0; k < instances.length; k++) {
      instances[k] = v[k % v.length];
    }
    return instances;
  }

  @Test
  void theHeadRowsMapWithoutInterceptAndItsOrthogonalityError() {
    UniformRandomProvider rng = Seeds.probe(2, 6);
    double[][] o = orthogonal(rng, D);
    double[][] v = sphere(rng, 100);
    double[][] rows = instances(v);

    // Unit rows that are an orthogonal image of the cluster vectors: R² 1 both ways, error 0.
    TrainingEvent.Probe exact = IdentifiabilityProbe.score(dietRows(map(rows, o, new double[D]), v, true));
    assertThat(exact.clusterR2Linear()).isCloseTo(1, within(1e-6));
    assertThat(exact.clusterOrthogonalityMae()).isCloseTo(0, within(1e-6));

    // Scaled by 0.3: v = O^T w / 0.3, singular values 1/0.3 against the unit rows' 1; a common
    // scale is no error where the rows are not normalised.
    float[] scaled = map(rows, scale(o, 0.3), new double[D]);
    assertThat(IdentifiabilityProbe.score(dietRows(scaled, v, true)).clusterOrthogonalityMae())
        .isCloseTo(1 / 0.3 - 1, within(1e-5));
    assertThat(IdentifiabilityProbe.score(dietRows(scaled, v, false)).clusterOrthogonalityMae())
        .isCloseTo(0, within(1e-6));

    // A stretch w = diag(2, 1, 1, 1, 1) v: singular values {1, 1, 1, 1, 1/2}, off 1 by 0.5 / 5
    // in all, and off their mean by 8/45 (orthogonalityErrorOfAKnownStretch).
    double[][] stretch = new double[D][D];
    for (int i = 0; i < D; i++) {
      stretch[i][i] = i == 0 ? 2 : 1;
    }
    float[] stretched = map(rows, stretch, new double[D]);
    assertThat(IdentifiabilityProbe.score(dietRows(stretched, v, true)).clusterOrthogonalityMae())
        .isCloseTo(0.1, within(1e-6));
    assertThat(IdentifiabilityProbe.score(dietRows(stretched, v, false)).clusterOrthogonalityMae())
        .isCloseTo(8.0 / 45, within(1e-6));

    // A common offset is affine, not linear: the map without intercept falls short.
    TrainingEvent.Probe offset = IdentifiabilityProbe.score(
        dietRows(map(rows, scale(o, 0.3), new double[] {1, 0, 0, -1, 0}), v, false));
    assertThat(offset.clusterR2()).isCloseTo(1, within(1e-6));
    assertThat(offset.clusterR2Linear()).isLessThan(0.9);
  }

  @Test
  void alignmentAccuracyAndTemperatureRatioOnHandBuiltCases() {
    float[] features = {1, 0, 0, 2, 1, 1, 0, 0};
    float[] head = {1, 0, 0, 1};
    int[] targets = {0, 1, 0, 1};
    // Cosines 1, 1, 1/sqrt(2) and 0 for the zero feature.
    assertThat(IdentifiabilityProbe.alignment(features, head, targets, 2))
        .isCloseTo((2 + Math.sqrt(0.5)) / 4, within(1e-12));
    assertThat(IdentifiabilityProbe.alignment(new float[] {-3, 0}, head, new int[] {0}, 2))
        .isCloseTo(-1, within(1e-12));
    assertThat(IdentifiabilityProbe.accuracy(new int[] {0, 1, 1, 1}, targets)).isEqualTo(0.75);
    assertThat(IdentifiabilityProbe.accuracy(new int[] {1, 0, 1, 0}, targets)).isEqualTo(0);
    assertThat(IdentifiabilityProbe.accuracy(targets, targets)).isEqualTo(1);
    assertThat(IdentifiabilityProbe.temperatureRatio(true, 5, 10)).isEqualTo(0.5);
    assertThat(IdentifiabilityProbe.temperatureRatio(false, 5, 10)).isNaN();

    double[][] v = {{1, 0}, {0, 1}};
    double[][] z = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    ProbeSnapshot s = new ProbeSnapshot(1, 1, 1, 0, 2, flat(z), features, targets,
        new int[] {0, 1, 1, 1}, head, Objective.SUPERVISED, v, 5, 10, true, true);
    TrainingEvent.Probe p = IdentifiabilityProbe.score(s);
    assertThat(p.alignment()).isCloseTo((2 + Math.sqrt(0.5)) / 4, within(1e-12));
    assertThat(p.accuracy()).isEqualTo(0.75);
    assertThat(p.temperatureRatio()).isEqualTo(0.5);
  }
}
