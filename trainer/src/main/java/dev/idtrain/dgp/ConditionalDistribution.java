package dev.idtrain.dgp;

import dev.idtrain.config.Config;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A distribution p(z | mu) of a latent z on the unit sphere around a mean direction mu
 * Implementations are immutable and shareable between threads; the
 * per-thread state (random stream, library samplers, scratch space) lives in a {@link Sampler}.
 */
public interface ConditionalDistribution {

  /** Dimension d of the ambient space R^d. */
  int dim();

  /** A sampler drawing from {@code rng}; not thread safe, make one per thread or per batch. */
  Sampler sampler(UniformRandomProvider rng);

  /** Draws z ~ p(. | mu) into a caller-owned buffer; the hot path never allocates. */
  interface Sampler {

    /**
     * Writes one sample for unit vector {@code mu} (length d) into {@code out} (length d).
     * {@code out} must not alias {@code mu}.
     */
    void sample(double[] mu, double[] out);
  }

  /** The conditional named in the configuration (noise scale of laplace/normal included). */
  static ConditionalDistribution of(Config.Dgp dgp) {
    return switch (dgp.conditional()) {
      case VMF -> new VonMisesFisher(dgp.dim(), dgp.kappa());
      case LAPLACE -> ProjectedNoise.laplace(dgp.dim(), dgp.noiseScale());
      case NORMAL -> ProjectedNoise.normal(dgp.dim(), dgp.noiseScale());
    };
  }
}
