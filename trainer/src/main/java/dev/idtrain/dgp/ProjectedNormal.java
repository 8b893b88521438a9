package dev.idtrain.dgp;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * mu plus i.i.d. N(0, std^2) noise per coordinate, projected back onto the sphere (a
 * projected normal, not a vMF: outside the theorem's assumption on purpose); also the
 * {@code normal} marginal of the cluster vectors around e_1.
 */
public final class ProjectedNormal implements ConditionalDistribution {

  private final int dim;
  private final double std;

  public ProjectedNormal(int dim, double std) {
    if (dim < 1 || !(std > 0) || !Double.isFinite(std)) {
      throw new IllegalArgumentException("need dim >= 1 and a finite std > 0");
    }
    this.dim = dim;
    this.std = std;
  }

  @Override
  public int dim() {
    return dim;
  }

  public double std() {
    return std;
  }

  @Override
  public Sampler sampler(UniformRandomProvider rng) {
    NormalizedGaussianSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    return (mu, out) -> {
      do {
        for (int j = 0; j < dim; j++) {
          out[j] = mu[j] + std * gauss.sample();
        }
      } while (!Sphere.projectable(Sphere.normalize(out)));
    };
  }
}
