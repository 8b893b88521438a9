package dev.idtrain.dgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.UnitSphereSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VonMisesFisherTest {

  @ParameterizedTest(name = "d={0}, kappa={1}")
  @CsvSource({"3, 1", "3, 10", "3, 50", "5, 1", "5, 10", "5, 50", "10, 1", "10, 10", "10, 50"})
  void samplesAreUnitVectorsWhoseMeanResultantLengthIsA_d(int dim, double kappa) {
    UniformRandomProvider rng = Seeds.batch(dim, (long) kappa);
    double[] mu = UnitSphereSampler.of(rng, dim).sample();
    double a = VonMisesFisher.meanResultantLength(dim, kappa);
    // Var(mu^T z) = 1 - (d-1) A / kappa - A^2: enough samples that 1% of A is 4 standard errors.
    double sd = Math.sqrt(1 - (dim - 1) * a / kappa - a * a);
    int n = (int) Math.max(20_000, Math.ceil(Math.pow(4 * sd / (0.01 * a), 2)));

    ConditionalDistribution.Sampler sampler = new VonMisesFisher(dim, kappa).sampler(rng);
    double[] z = new double[dim];
    double[] mean = new double[dim];
    double cosine = 0;
    double worstNorm = 0;
    for (int i = 0; i < n; i++) {
      sampler.sample(mu, z);
      worstNorm = Math.max(worstNorm, Math.abs(Math.sqrt(Sphere.dot(z, z)) - 1));
      cosine += Sphere.dot(z, mu);
      for (int j = 0; j < dim; j++) {
        mean[j] += z[j] / n;
      }
    }
    assertThat(worstNorm).isLessThan(1e-12);
    assertThat(cosine / n).isCloseTo(a, within(0.01 * a));
    // E[z] = A mu: the part orthogonal to mu averages out if u is uniform around mu.
    for (int j = 0; j < dim; j++) {
      assertThat(mean[j]).isCloseTo(a * mu[j], within(5 * sd / Math.sqrt(n) + 0.01 * a));
    }
  }

  @Test
  void meanResultantLengthMatchesTheClosedFormInThreeDimensions() {
    for (double k : new double[] {1e-3, 0.1, 1, 2.5, 10, 50, 700, 5000}) {
      double closed = 1 / Math.tanh(k) - 1 / k;
      if (k < 1e-2) {
        closed = k / 3 - k * k * k / 45; // the closed form cancels catastrophically near 0
      }
      assertThat(VonMisesFisher.meanResultantLength(3, k)).isCloseTo(closed, within(1e-12));
    }
  }

  @Test
  void meanResultantLengthMatchesReferenceBesselRatios() {
    // I_{d/2}(k) / I_{d/2-1}(k) from scipy.special.ive.
    assertThat(VonMisesFisher.meanResultantLength(2, 1)).isCloseTo(0.4463899658965345, within(1e-13));
    assertThat(VonMisesFisher.meanResultantLength(5, 10)).isCloseTo(0.8111111060218429, within(1e-13));
    assertThat(VonMisesFisher.meanResultantLength(10, 1)).isCloseTo(0.09917838239971266, within(1e-13));
    assertThat(VonMisesFisher.meanResultantLength(10, 50)).isCloseTo(0.9132095998737407, within(1e-13));
    assertThat(VonMisesFisher.meanResultantLength(64, 0.5)).isCloseTo(0.007812037665568662, within(1e-15));
    assertThat(VonMisesFisher.meanResultantLength(5, 1000)).isCloseTo(0.998001001001001, within(1e-13));
  }

  @Test
  void largeConcentrationStaysOnTheSphereAndNearMu() {
    UniformRandomProvider rng = Seeds.batch(1, 1);
    double[] mu = UnitSphereSampler.of(rng, 5).sample();
    ConditionalDistribution.Sampler sampler = new VonMisesFisher(5, 10_000).sampler(rng);
    double[] z = new double[5];
    for (int i = 0; i < 1000; i++) {
      sampler.sample(mu, z);
      assertThat(Math.sqrt(Sphere.dot(z, z))).isCloseTo(1, within(1e-12));
      assertThat(Sphere.dot(z, mu)).isGreaterThan(0.99);
    }
  }

  @Test
  void circleIsSupported() {
    UniformRandomProvider rng = Seeds.batch(2, 2);
    double[] mu = {0.6, 0.8};
    ConditionalDistribution.Sampler sampler = new VonMisesFisher(2, 10).sampler(rng);
    double[] z = new double[2];
    double cosine = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      sampler.sample(mu, z);
      cosine += Sphere.dot(z, mu);
    }
    assertThat(cosine / n).isCloseTo(VonMisesFisher.meanResultantLength(2, 10), within(2e-3));
  }

  @Test
  void rejectsInvalidParameters() {
    assertThatThrownBy(() -> new VonMisesFisher(1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VonMisesFisher(5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VonMisesFisher(5, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
