package dev.idtrain.dgp;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * mu plus i.i.d. Laplace(0, scale) noise per coordinate, projected back onto the sphere. Not a
 * vMF, so it breaks the theorem's assumption on purpose (paper Tab. 2/3 rows marked ✗); also
 * the {@code laplace} marginal of the cluster vectors around e_1.
 */
public final class ProjectedLaplace implements ConditionalDistribution {

  private final int dim;
  private final double scale;

  public ProjectedLaplace(int dim, double scale) {
    if (dim < 1 || !(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("need dim >= 1 and a finite scale > 0");
    }
    this.dim = dim;
    this.scale = scale;
  }

  @Override
  public int dim() {
    return dim;
  }

  public double scale() {
    return scale;
  }

  @Override
  public Sampler sampler(UniformRandomProvider rng) {
    // A Laplace variate is an Exp(1) magnitude times scale with a fair random sign.
    ContinuousSampler exponential = ZigguratSampler.Exponential.of(rng);
    return (mu, out) -> {
      do {
        for (int j = 0; j < dim; j++) {
          double e = scale * exponential.sample();
          out[j] = mu[j] + (rng.nextBoolean() ? e : -e);
        }
      } while (!Sphere.projectable(Sphere.normalize(out)));
    };
  }
}
