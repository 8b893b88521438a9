package dev.idtrain.dgp;

import java.util.function.DoubleSupplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * mu plus i.i.d. Laplace or normal noise per coordinate, projected back onto the sphere: the
 * {@code laplace} and {@code normal} conditionals, which are not a vMF and break the theorem's
 * assumption on purpose (paper Tab. 2/3 rows marked ✗); also the marginals of the same names
 * for the cluster vectors around e_1.
 */
public final class ProjectedNoise implements ConditionalDistribution {

  /** The noise's law; its scale is Laplace's b or the normal's standard deviation. */
  public enum Law { LAPLACE, NORMAL }

  private final int dim;
  private final Law law;
  private final double scale;

  private ProjectedNoise(int dim, Law law, double scale) {
    if (dim < 1 || !(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("need dim >= 1 and a finite scale > 0");
    }
    this.dim = dim;
    this.law = law;
    this.scale = scale;
  }

  public static ProjectedNoise laplace(int dim, double scale) {
    return new ProjectedNoise(dim, Law.LAPLACE, scale);
  }

  public static ProjectedNoise normal(int dim, double std) {
    return new ProjectedNoise(dim, Law.NORMAL, std);
  }

  @Override
  public int dim() {
    return dim;
  }

  public Law law() {
    return law;
  }

  public double scale() {
    return scale;
  }

  @Override
  public Sampler sampler(UniformRandomProvider rng) {
    DoubleSupplier noise = law == Law.NORMAL ? ZigguratSampler.NormalizedGaussian.of(rng)::sample : laplace(rng);
    return (mu, out) -> {
      do {
        for (int j = 0; j < dim; j++) {
          out[j] = mu[j] + scale * noise.getAsDouble();
        }
      } while (!Sphere.projectable(Sphere.normalize(out)));
    };
  }

  /** Laplace(0, 1): an Exp(1) magnitude with a fair random sign. */
  private static DoubleSupplier laplace(UniformRandomProvider rng) {
    ContinuousSampler exponential = ZigguratSampler.Exponential.of(rng);
    return () -> {
      double magnitude = exponential.sample();
      return rng.nextBoolean() ? magnitude : -magnitude;
    };
  }
}
