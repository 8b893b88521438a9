package dev.idtrain.dgp;

import dev.idtrain.config.Config;
import dev.idtrain.config.Marginal;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.UnitSphereSampler;

/**
 * The K cluster vectors v_1..v_K on S^{d-1}: the class means of the
 * latents. Immutable; instance i belongs to class i mod K.
 */
public final class ClusterVectors {

  private final double[][] vectors;

  /**
   * Restores stored cluster vectors (checkpoints keep them so a resumed run sees the same
   * process). Rows must have one common length and unit norm; the array is copied.
   */
  public ClusterVectors(double[][] vectors) {
    if (vectors.length < 1 || vectors[0].length < 1) {
      throw new IllegalArgumentException("need at least one non-empty cluster vector");
    }
    int dim = vectors[0].length;
    this.vectors = new double[vectors.length][];
    for (int k = 0; k < vectors.length; k++) {
      if (vectors[k].length != dim) {
        throw new IllegalArgumentException(
            "cluster vector " + k + " has length " + vectors[k].length + ", expected " + dim);
      }
      double norm = Math.sqrt(Sphere.dot(vectors[k], vectors[k]));
      if (!(Math.abs(norm - 1) < 1e-6)) {
        throw new IllegalArgumentException("cluster vector " + k + " has norm " + norm);
      }
      this.vectors[k] = vectors[k].clone();
    }
  }

  /** Draws K = {@code dgp.classes()} vectors from the configured marginal. */
  public static ClusterVectors draw(Config.Dgp dgp, UniformRandomProvider rng) {
    int dim = dgp.dim();
    double[][] v = new double[dgp.classes()][];
    switch (dgp.marginal()) {
      case UNIFORM -> {
        // A normalised standard Gaussian vector: uniform on the sphere.
        UnitSphereSampler sphere = UnitSphereSampler.of(rng, dim);
        for (int k = 0; k < v.length; k++) {
          v[k] = sphere.sample();
        }
      }
      case LAPLACE, NORMAL -> {
        // Concentrated around e_1: the same "centre + noise, projected" law as the conditionals.
        ConditionalDistribution.Sampler around = aroundE1(dgp).sampler(rng);
        double[] e1 = new double[dim];
        e1[0] = 1;
        for (int k = 0; k < v.length; k++) {
          v[k] = new double[dim];
          around.sample(e1, v[k]);
        }
      }
      default -> throw new IllegalArgumentException("unknown marginal " + dgp.marginal());
    }
    return new ClusterVectors(v);
  }

  private static ConditionalDistribution aroundE1(Config.Dgp dgp) {
    return dgp.marginal() == Marginal.LAPLACE
        ? ProjectedNoise.laplace(dgp.dim(), dgp.marginalScale())
        : ProjectedNoise.normal(dgp.dim(), dgp.marginalScale());
  }

  /** Number of classes K. */
  public int count() {
    return vectors.length;
  }

  /** Dimension d. */
  public int dim() {
    return vectors[0].length;
  }

  /** The class of an instance label: i mod K. */
  public int classOf(int instance) {
    return classOf(instance, vectors.length);
  }

  /** The class of an instance label among {@code classes} classes: i mod K. */
  public static int classOf(int instance, int classes) {
    return Math.floorMod(instance, classes);
  }

  /** A copy of the vectors, K×d. */
  public double[][] toArray() {
    double[][] copy = new double[vectors.length][];
    for (int k = 0; k < vectors.length; k++) {
      copy[k] = vectors[k].clone();
    }
    return copy;
  }

  /** Vector v_k itself, for the sampler's hot path; callers must not modify it. */
  double[] vector(int k) {
    return vectors[k];
  }
}
