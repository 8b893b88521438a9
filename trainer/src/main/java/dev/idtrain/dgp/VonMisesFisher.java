package dev.idtrain.dgp;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The von Mises–Fisher distribution on S^{d-1}, density proportional to exp(kappa mu^T z): the
 * conditional under which the theorem holds. Sampled exactly with Wood's (1994)
 * rejection scheme, as the reference code does.
 */
public final class VonMisesFisher implements ConditionalDistribution {

  private final int dim;
  private final double kappa;
  // Wood's constants, fixed by (d, kappa).
  private final double m;
  private final double b;
  private final double x0;
  private final double c0;

  public VonMisesFisher(int dim, double kappa) {
    if (dim < 2) {
      throw new IllegalArgumentException("vMF needs dim >= 2, got " + dim);
    }
    if (!(kappa > 0) || !Double.isFinite(kappa)) {
      throw new IllegalArgumentException("vMF needs a finite kappa > 0, got " + kappa);
    }
    this.dim = dim;
    this.kappa = kappa;
    this.m = dim - 1;
    this.b = m / (Math.sqrt(4 * kappa * kappa + m * m) + 2 * kappa);
    this.x0 = (1 - b) / (1 + b);
    // 1 - x0^2 written as 4b/(1+b)^2: the same number without cancellation at large kappa.
    this.c0 = kappa * x0 + m * Math.log(4 * b / ((1 + b) * (1 + b)));
  }

  @Override
  public int dim() {
    return dim;
  }

  public double kappa() {
    return kappa;
  }

  @Override
  public Sampler sampler(UniformRandomProvider rng) {
    return new WoodSampler(rng);
  }

  /**
   * The mean resultant length A_d(kappa) = E[mu^T z] = I_{d/2}(kappa) / I_{d/2-1}(kappa).
   * Evaluated as Gauss's continued fraction for the ratio of modified Bessel functions,
   * I_nu/I_{nu-1} = 1/(2nu/x + 1/(2(nu+1)/x + ...)), with the modified Lentz method; every
   * partial denominator is positive, so it converges without cancellation for all x > 0.
   */
  public static double meanResultantLength(int dim, double kappa) {
    if (dim < 2 || !(kappa > 0) || !Double.isFinite(kappa)) {
      throw new IllegalArgumentException("need dim >= 2 and finite kappa > 0");
    }
    double nu = dim / 2.0;
    double tiny = 1e-300;
    double f = tiny;
    double c = f;
    double d = 0;
    for (int k = 1; k < 100_000_000; k++) {
      double bk = 2 * (nu + k - 1) / kappa;
      d = bk + d;
      d = d == 0 ? tiny : 1 / d;
      c = bk + 1 / c;
      if (c == 0) {
        c = tiny;
      }
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        return f;
      }
    }
    throw new ArithmeticException("Bessel ratio did not converge for kappa " + kappa);
  }

  /** Per-thread state: the stream, its Beta(m/2, m/2) and Gaussian samplers. */
  private final class WoodSampler implements Sampler {
    private final UniformRandomProvider rng;
    private final ContinuousSampler beta;
    private final NormalizedGaussianSampler gauss;

    WoodSampler(UniformRandomProvider rng) {
      this.rng = rng;
      this.beta = ChengBetaSampler.of(rng, m / 2, m / 2);
      this.gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    }

    @Override
    public void sample(double[] mu, double[] out) {
      double w = cosine();
      orthogonalDirection(mu, out);
      double s = Math.sqrt(Math.max(0, 1 - w * w));
      for (int j = 0; j < dim; j++) {
        out[j] = w * mu[j] + s * out[j];
      }
    }

    /** w = mu^T z, drawn by Wood's rejection scheme exactly as docs/SCIENCE.md states it. */
    private double cosine() {
      while (true) {
        double z = beta.sample();
        double w = (1 - (1 + b) * z) / (1 - (1 - b) * z);
        double u = rng.nextDouble();
        if (kappa * w + m * Math.log(1 - x0 * w) - c0 >= Math.log(u)) {
          return w;
        }
      }
    }

    /**
     * A uniform unit vector orthogonal to mu: a standard Gaussian with its mu component
     * removed is isotropic in mu's orthogonal complement. Redrawing the rare near-zero
     * projections depends on the norm only, so it keeps the direction uniform while avoiding
     * amplified rounding.
     */
    private void orthogonalDirection(double[] mu, double[] out) {
      while (true) {
        for (int j = 0; j < dim; j++) {
          out[j] = gauss.sample();
        }
        double p = Sphere.dot(out, mu);
        for (int j = 0; j < dim; j++) {
          out[j] -= p * mu[j];
        }
        if (Sphere.normalize(out) > 1e-6) {
          return;
        }
      }
    }
  }
}
