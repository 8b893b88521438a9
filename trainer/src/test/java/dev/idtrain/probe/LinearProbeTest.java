package dev.idtrain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.dgp.Seeds;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

  private static DMatrixRMaj gaussian(UniformRandomProvider rng, int rows, int cols) {
    var g = ZigguratSampler.NormalizedGaussian.of(rng);
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = g.sample();
    }
    return m;
  }

  /** y = x A^T + 1 b^T. */
  private static DMatrixRMaj affine(DMatrixRMaj x, DMatrixRMaj a, double[] b) {
    DMatrixRMaj y = new DMatrixRMaj(x.numRows, a.numRows);
    CommonOps_DDRM.multTransB(x, a, y);
    for (int r = 0; r < y.numRows; r++) {
      for (int j = 0; j < y.numCols; j++) {
        y.add(r, j, b[j]);
      }
    }
    return y;
  }

  private static DMatrixRMaj rows(DMatrixRMaj m, int from, int to) {
    return CommonOps_DDRM.extract(m, from, to, 0, m.numCols);
  }

  @Test
  void anExactAffineMapIsRecoveredWithHeldOutR2OfOne() {
    UniformRandomProvider rng = Seeds.probe(1, 0);
    DMatrixRMaj x = gaussian(rng, 400, 5);
    DMatrixRMaj a = gaussian(rng, 5, 5);
    double[] b = {0.5, -1, 2, 0, 3};
    DMatrixRMaj y = affine(x, a, b);
    LinearProbe probe = LinearProbe.fit(rows(x, 0, 200), rows(y, 0, 200), true);
    assertThat(probe.r2(rows(x, 200, 400), rows(y, 200, 400)))
        .containsExactly(new double[] {1, 1, 1, 1, 1}, within(1e-9));
    assertThat(probe.map().data).containsExactly(a.data, within(1e-9));
    assertThat(probe.offset()).containsExactly(b, within(1e-9));
  }

  @Test
  void withoutAnInterceptAnOffsetCannotBeFitted() {
    UniformRandomProvider rng = Seeds.probe(1, 1);
    DMatrixRMaj x = gaussian(rng, 400, 3);
    DMatrixRMaj a = gaussian(rng, 3, 3);
    DMatrixRMaj shifted = affine(x, a, new double[] {3, 3, 3});
    DMatrixRMaj centred = affine(x, a, new double[] {0, 0, 0});
    assertThat(LinearProbe.mean(LinearProbe.fit(rows(x, 0, 200), rows(shifted, 0, 200), false)
        .r2(rows(x, 200, 400), rows(shifted, 200, 400)))).isLessThan(0.9);
    assertThat(LinearProbe.fit(rows(x, 0, 200), rows(centred, 0, 200), false)
        .r2(rows(x, 200, 400), rows(centred, 200, 400)))
        .containsExactly(new double[] {1, 1, 1}, within(1e-9));
  }

  @Test
  void unrelatedInputsScoreAboutZeroOutOfSample() {
    UniformRandomProvider rng = Seeds.probe(1, 2);
    DMatrixRMaj x = gaussian(rng, 8192, 5);
    DMatrixRMaj y = gaussian(rng, 8192, 5);
    double[] r2 = LinearProbe.fit(rows(x, 0, 4096), rows(y, 0, 4096), true)
        .r2(rows(x, 4096, 8192), rows(y, 4096, 8192));
    for (double r : r2) {
      assertThat(r).isCloseTo(0, within(0.02));
    }
  }

  @Test
  void collinearInputsStillFit() {
    UniformRandomProvider rng = Seeds.probe(1, 3);
    DMatrixRMaj x = gaussian(rng, 200, 3);
    for (int r = 0; r < 200; r++) {
      x.set(r, 2, 2 * x.get(r, 0)); // a duplicated feature: rank 2
    }
    DMatrixRMaj y = affine(x, gaussian(rng, 2, 3), new double[] {1, -1});
    assertThat(LinearProbe.fit(rows(x, 0, 100), rows(y, 0, 100), true)
        .r2(rows(x, 100, 200), rows(y, 100, 200)))
        .containsExactly(new double[] {1, 1}, within(1e-9));
  }

  @Test
  void singularValuesOfAKnownMap() {
    UniformRandomProvider rng = Seeds.probe(1, 4);
    DMatrixRMaj x = gaussian(rng, 100, 3);
    // A = diag(3, 2, 1) times a rotation about the third axis.
    double c = Math.cos(0.7);
    double s = Math.sin(0.7);
    DMatrixRMaj a = new DMatrixRMaj(new double[][] {{3 * c, -3 * s, 0}, {2 * s, 2 * c, 0}, {0, 0, 1}});
    DMatrixRMaj y = affine(x, a, new double[3]);
    assertThat(LinearProbe.fit(x, y, false).singularValues())
        .containsExactly(new double[] {3, 2, 1}, within(1e-9));
  }

  @Test
  void degenerateFitsGiveNaN() {
    UniformRandomProvider rng = Seeds.probe(1, 5);
    DMatrixRMaj x = gaussian(rng, 10, 5);
    DMatrixRMaj y = gaussian(rng, 10, 2);
    // Five rows cannot fix six parameters.
    LinearProbe under = LinearProbe.fit(rows(x, 0, 5), rows(y, 0, 5), true);
    assertThat(under.r2(rows(x, 5, 10), rows(y, 5, 10))).containsOnly(Double.NaN);
    assertThat(under.singularValues()).containsOnly(Double.NaN);
    // An output that does not vary has no R².
    DMatrixRMaj constant = new DMatrixRMaj(10, 1);
    constant.fill(2);
    assertThat(LinearProbe.fit(x, constant, true).r2(x, constant)).containsOnly(Double.NaN);
  }

  @Test
  void rowsConvertsARowRange() {
    float[] data = {1, 2, 3, 4, 5, 6};
    DMatrixRMaj m = LinearProbe.rows(data, 2, 1, 3);
    assertThat(m.numRows).isEqualTo(2);
    assertThat(m.data).containsExactly(3, 4, 5, 6);
  }
}
