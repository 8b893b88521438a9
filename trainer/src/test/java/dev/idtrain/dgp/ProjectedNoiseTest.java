package dev.idtrain.dgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.config.Conditional;
import org.apache.commons.rng.sampling.UnitSphereSampler;
import org.junit.jupiter.api.Test;

/** The two conditionals outside the theorem: mu + i.i.d. noise, projected onto the sphere. */
class ProjectedNoiseTest {

  private static final int N = 200_000;

  /** Moments of coordinate 1 (orthogonal to mu = e_0) and the mean cosine to mu. */
  private record Moments(double variance, double kurtosis, double cosine, double worstNorm) {}

  private static Moments moments(ConditionalDistribution p, long stream) {
    int dim = p.dim();
    ConditionalDistribution.Sampler sampler = p.sampler(Seeds.batch(11, stream));
    double[] mu = new double[dim];
    mu[0] = 1;
    double[] z = new double[dim];
    double m2 = 0;
    double m4 = 0;
    double cosine = 0;
    double worst = 0;
    for (int i = 0; i < N; i++) {
      sampler.sample(mu, z);
      worst = Math.max(worst, Math.abs(Math.sqrt(Sphere.dot(z, z)) - 1));
      m2 += z[1] * z[1];
      m4 += z[1] * z[1] * z[1] * z[1];
      cosine += z[0];
    }
    m2 /= N;
    m4 /= N;
    return new Moments(m2, m4 / (m2 * m2), cosine / N, worst);
  }

  @Test
  void smallLaplaceNoiseHasLaplaceVarianceAndTails() {
    // Small noise barely moves off the tangent plane, so coordinate 1 is the noise itself:
    // Laplace(0, b) has variance 2 b^2 and kurtosis 6.
    Moments m = moments(ProjectedNoise.laplace(5, 0.01), 1);
    assertThat(m.worstNorm()).isLessThan(1e-12);
    assertThat(m.variance()).isCloseTo(2e-4, within(2e-4 * 0.03));
    assertThat(m.kurtosis()).isCloseTo(6, within(0.6));
    assertThat(m.cosine()).isGreaterThan(0.999);
  }

  @Test
  void smallNormalNoiseHasNormalVarianceAndTails() {
    Moments m = moments(ProjectedNoise.normal(5, 0.01), 2);
    assertThat(m.worstNorm()).isLessThan(1e-12);
    assertThat(m.variance()).isCloseTo(1e-4, within(1e-4 * 0.03));
    assertThat(m.kurtosis()).isCloseTo(3, within(0.3));
    assertThat(m.cosine()).isGreaterThan(0.999);
  }

  @Test
  void moreNoiseSpreadsFurtherFromMu() {
    double previous = 1;
    for (double scale : new double[] {0.05, 0.2, 1.0}) {
      double laplace = moments(ProjectedNoise.laplace(5, scale), 3).cosine();
      double normal = moments(ProjectedNoise.normal(5, scale), 4).cosine();
      assertThat(laplace).isLessThan(previous);
      assertThat(normal).isLessThan(previous).isGreaterThan(laplace);
      previous = normal;
    }
    // Still concentrated around mu at the reference scale kappa / 10 = 1.
    assertThat(moments(ProjectedNoise.normal(5, 1.0), 5).cosine()).isGreaterThan(0.3);
  }

  @Test
  void concentratesAroundAnArbitraryMeanDirection() {
    double[] mu = UnitSphereSampler.of(Seeds.batch(1, 9), 7).sample();
    for (ConditionalDistribution p :
        new ConditionalDistribution[] {ProjectedNoise.laplace(7, 0.3), ProjectedNoise.normal(7, 0.3)}) {
      ConditionalDistribution.Sampler sampler = p.sampler(Seeds.batch(1, 10));
      double[] z = new double[7];
      double[] mean = new double[7];
      for (int i = 0; i < 50_000; i++) {
        sampler.sample(mu, z);
        for (int j = 0; j < 7; j++) {
          mean[j] += z[j];
        }
      }
      Sphere.normalize(mean);
      assertThat(Sphere.dot(mean, mu)).isGreaterThan(0.9999);
    }
  }

  @Test
  void configurationPicksTheConditionalAndItsScale() {
    var laplace = ConditionalDistribution.of(
        DgpConfigs.with(dev.idtrain.config.Marginal.UNIFORM, Conditional.LAPLACE, 5, 10, 10));
    var normal = ConditionalDistribution.of(
        DgpConfigs.with(dev.idtrain.config.Marginal.UNIFORM, Conditional.NORMAL, 5, 10, 10));
    var vmf = ConditionalDistribution.of(DgpConfigs.small());
    assertThat(laplace).isInstanceOfSatisfying(ProjectedNoise.class, p -> {
      assertThat(p.law()).isEqualTo(ProjectedNoise.Law.LAPLACE);
      assertThat(p.scale()).isEqualTo(DgpConfigs.defaults().noiseScale());
    });
    assertThat(normal).isInstanceOfSatisfying(ProjectedNoise.class, p -> {
      assertThat(p.law()).isEqualTo(ProjectedNoise.Law.NORMAL);
      assertThat(p.scale()).isEqualTo(DgpConfigs.defaults().noiseScale());
    });
    assertThat(((VonMisesFisher) vmf).kappa()).isEqualTo(10);
  }
}
