package dev.idtrain.dgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.config.Conditional;
import dev.idtrain.config.Marginal;
import org.junit.jupiter.api.Test;

class ClusterVectorsTest {

  private static double[] mean(double[][] v) {
    double[] m = new double[v[0].length];
    for (double[] row : v) {
      for (int j = 0; j < m.length; j++) {
        m[j] += row[j] / v.length;
      }
    }
    return m;
  }

  @Test
  void uniformMarginalSpreadsUnitVectorsEvenly() {
    ClusterVectors v = ClusterVectors.draw(
        DgpConfigs.with(Marginal.UNIFORM, Conditional.VMF, 5, 20_000, 10), Seeds.clusterVectors(1));
    assertThat(v.count()).isEqualTo(20_000);
    assertThat(v.dim()).isEqualTo(5);
    double[][] a = v.toArray();
    for (double[] row : a) {
      assertThat(Math.sqrt(Sphere.dot(row, row))).isCloseTo(1, within(1e-12));
    }
    // Uniform on S^4: mean 0 (per-coordinate sd of the mean is sqrt(1/5 / 20000) = 0.003).
    assertThat(mean(a)).containsOnly(new double[] {0, 0, 0, 0, 0}, within(0.015));
  }

  @Test
  void laplaceAndNormalMarginalsGatherAroundTheFirstAxis() {
    for (Marginal marginal : new Marginal[] {Marginal.LAPLACE, Marginal.NORMAL}) {
      var config = DgpConfigs.withMarginal(marginal, 0.1, 5000);
      double[][] a = ClusterVectors.draw(config, Seeds.clusterVectors(2)).toArray();
      for (double[] row : a) {
        assertThat(Math.sqrt(Sphere.dot(row, row))).isCloseTo(1, within(1e-12));
      }
      double[] m = mean(a);
      assertThat(m[0]).isGreaterThan(0.95);
      for (int j = 1; j < m.length; j++) {
        assertThat(m[j]).isCloseTo(0, within(0.01));
      }
    }
  }

  @Test
  void instancesCycleThroughTheClasses() {
    ClusterVectors v = new ClusterVectors(new double[][] {{1, 0}, {0, 1}, {-1, 0}});
    assertThat(v.classOf(0)).isZero();
    assertThat(v.classOf(4)).isEqualTo(1);
    assertThat(v.classOf(10_238)).isEqualTo(2);
    assertThat(ClusterVectors.classOf(10_239, 100)).isEqualTo(39);
  }

  @Test
  void storedVectorsAreCopiedInAndOut() {
    double[][] stored = {{1, 0}, {0, 1}};
    ClusterVectors v = new ClusterVectors(stored);
    stored[0][0] = 7;
    double[][] out = v.toArray();
    out[1][1] = 9;
    assertThat(v.toArray()).isDeepEqualTo(new double[][] {{1, 0}, {0, 1}});
  }

  @Test
  void rejectsRaggedOrNonUnitVectors() {
    assertThatThrownBy(() -> new ClusterVectors(new double[][] {{1, 0}, {1}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClusterVectors(new double[][] {{2, 0}}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
