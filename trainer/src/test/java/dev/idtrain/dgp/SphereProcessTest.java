package dev.idtrain.dgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.config.Conditional;
import dev.idtrain.config.Config;
import dev.idtrain.config.Marginal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SphereProcessTest {

  private static Batch first(SphereProcess p, long seed) {
    return p.sample(0, Seeds.batch(seed, 0), 256);
  }

  private static void assertSameBatch(Batch a, Batch b) {
    assertThat(a.index()).isEqualTo(b.index());
    assertThat(a.z()).containsExactly(b.z());
    assertThat(a.x()).containsExactly(b.x());
    assertThat(a.instance()).containsExactly(b.instance());
    assertThat(a.label()).containsExactly(b.label());
  }

  @Test
  void theSeedFixesEverything() {
    Config.Dgp config = DgpConfigs.defaults();
    SphereProcess a = SphereProcess.create(config, 42);
    SphereProcess b = SphereProcess.create(config, 42);
    SphereProcess c = SphereProcess.create(config, 43);
    assertThat(a.clusterVectors().toArray()).isDeepEqualTo(b.clusterVectors().toArray());
    assertThat(a.generator().weights()).isDeepEqualTo(b.generator().weights());
    assertThat(a.generator().conditionThreshold()).isEqualTo(b.generator().conditionThreshold());
    assertSameBatch(first(a, 42), first(b, 42));

    assertThat(c.clusterVectors().toArray()[0]).isNotEqualTo(a.clusterVectors().toArray()[0]);
    assertThat(c.generator().weights()[0][0]).isNotEqualTo(a.generator().weights()[0][0]);
    assertThat(first(c, 43).z()).isNotEqualTo(first(a, 42).z());
    assertThat(first(c, 43).instance()).isNotEqualTo(first(a, 42).instance());
  }

  @Test
  void aBatchIsAFunctionOfItsStreamOnly() {
    SphereProcess p = SphereProcess.create(DgpConfigs.small(), 1);
    Batch five = p.sample(5, Seeds.batch(1, 5), 128);
    p.sample(0, Seeds.batch(1, 0), 1000); // other batches in between change nothing
    assertSameBatch(p.sample(5, Seeds.batch(1, 5), 128), five);
    assertThat(p.sample(6, Seeds.batch(1, 6), 128).z()).isNotEqualTo(five.z());
  }

  @Test
  void samplesFollowTheProcess() {
    Config.Dgp config = DgpConfigs.small();
    SphereProcess p = SphereProcess.create(config, 3);
    int n = 50_000;
    Batch batch = p.sample(9, Seeds.batch(3, 9), n);
    assertThat(batch.index()).isEqualTo(9);
    assertThat(batch.size()).isEqualTo(n);
    assertThat(batch.dim()).isEqualTo(5);
    double[][] v = p.clusterVectors().toArray();
    double[] z = new double[5];
    double cosine = 0;
    double worstNorm = 0;
    boolean[] seen = new boolean[config.instances()];
    for (int i = 0; i < n; i++) {
      int instance = batch.instance()[i];
      seen[instance] = true; // throws if out of range
      assertThat(batch.label()[i]).isEqualTo(instance % config.classes());
      for (int j = 0; j < 5; j++) {
        z[j] = batch.z()[i * 5 + j];
      }
      worstNorm = Math.max(worstNorm, Math.abs(Math.sqrt(Sphere.dot(z, z)) - 1));
      cosine += Sphere.dot(z, v[batch.label()[i]]);
    }
    assertThat(worstNorm).isLessThan(1e-6);
    // Latents sit around their own class's cluster vector as the vMF says.
    assertThat(cosine / n).isCloseTo(VonMisesFisher.meanResultantLength(5, 10), within(0.005));
    // Instances are drawn uniformly: 50000 draws from 10240 leave about e^-4.9 unseen.
    int unseen = 0;
    for (boolean s : seen) {
      unseen += s ? 0 : 1;
    }
    assertThat(unseen).isBetween(50, 150);
    // x = g(z).
    double[] zs = new double[n * 5];
    for (int i = 0; i < zs.length; i++) {
      zs[i] = batch.z()[i];
    }
    double[] x = p.generator().forward(zs);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs(batch.x()[i] - x[i]) / (1 + Math.abs(x[i])));
    }
    assertThat(worst).isLessThan(1e-5);
  }

  @Test
  void restoredPartsGiveTheSameProcess() {
    SphereProcess p = SphereProcess.create(DgpConfigs.small(), 4);
    SphereProcess restored = new SphereProcess(p.config(),
        new ClusterVectors(p.clusterVectors().toArray()),
        new InvertibleMlp(p.generator().weights(), p.generator().conditionThreshold()));
    assertSameBatch(restored.sample(3, Seeds.batch(4, 3), 500), p.sample(3, Seeds.batch(4, 3), 500));
    assertThat(restored.classOf(123)).isEqualTo(23);
  }

  @Test
  void concurrentSamplersMatchSequentialOnes() throws Exception {
    SphereProcess p = SphereProcess.create(DgpConfigs.small(), 5);
    List<Batch> sequential = new ArrayList<>();
    for (int b = 0; b < 16; b++) {
      sequential.add(p.sample(b, Seeds.batch(5, b), 1024));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Batch>> parallel = new ArrayList<>();
      for (int b = 0; b < 16; b++) {
        long index = b;
        parallel.add(pool.submit(() -> p.sample(index, Seeds.batch(5, index), 1024)));
      }
      for (int b = 0; b < 16; b++) {
        assertSameBatch(parallel.get(b).get(), sequential.get(b));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everyConditionalSamplesUnitLatents() {
    for (Conditional conditional : Conditional.values()) {
      SphereProcess p = SphereProcess.create(
          DgpConfigs.with(Marginal.NORMAL, conditional, 3, 10, 100), 6);
      float[] z = p.sample(0, Seeds.batch(6, 0), 1000).z();
      for (int i = 0; i < z.length; i += 3) {
        double norm = Math.sqrt(z[i] * z[i] + z[i + 1] * z[i + 1] + z[i + 2] * z[i + 2]);
        assertThat(norm).isCloseTo(1, within(1e-6));
      }
      assertThat(p.conditional().dim()).isEqualTo(3);
    }
  }

  @Test
  void rejectsPartsThatDoNotFitTheConfiguration() {
    SphereProcess p = SphereProcess.create(DgpConfigs.small(), 7);
    Config.Dgp tenClasses = DgpConfigs.with(Marginal.UNIFORM, Conditional.VMF, 5, 10, 10);
    Config.Dgp threeDims = DgpConfigs.with(Marginal.UNIFORM, Conditional.VMF, 3, 100, 10);
    assertThatThrownBy(() -> new SphereProcess(tenClasses, p.clusterVectors(), p.generator()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SphereProcess(threeDims, p.clusterVectors(), p.generator()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void batchChecksItsShape() {
    assertThatThrownBy(() -> new Batch(0, 2, 3, 3, new float[6], new float[5], new int[2], new int[2]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
