package dev.idtrain.dgp;

import dev.idtrain.config.Config;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The process on the sphere (docs/SCIENCE.md): instance i uniform in [0, N), class c = i mod K,
 * latent z ~ p(z | v_c) on the sphere, observation x = g(z). Immutable after construction, so
 * any number of threads may sample concurrently, each with its own random stream.
 */
public final class SphereProcess implements DataGeneratingProcess {

  private final Config.Dgp config;
  private final ClusterVectors clusterVectors;
  private final InvertibleMlp generator;
  private final ConditionalDistribution conditional;

  /**
   * Assembles a process from its parts, e.g. those restored from a checkpoint; the parts must
   * match the configuration's dimension and number of classes.
   */
  public SphereProcess(
      Config.Dgp config, ClusterVectors clusterVectors, InvertibleMlp generator) {
    if (clusterVectors.dim() != config.dim() || generator.dim() != config.dim()) {
      throw new IllegalArgumentException("cluster vectors (d=" + clusterVectors.dim()
          + ") and generator (d=" + generator.dim() + ") must have dgp.dim=" + config.dim());
    }
    if (clusterVectors.count() != config.classes()) {
      throw new IllegalArgumentException(clusterVectors.count()
          + " cluster vectors for dgp.classes=" + config.classes());
    }
    this.config = config;
    this.clusterVectors = clusterVectors;
    this.generator = generator;
    this.conditional = ConditionalDistribution.of(config);
  }

  /** The process fixed by {@code seed}: cluster vectors and generator from their own streams. */
  public static SphereProcess create(Config.Dgp dgp, long seed) {
    ClusterVectors vectors = ClusterVectors.draw(dgp, Seeds.clusterVectors(seed));
    InvertibleMlp generator = InvertibleMlp.draw(dgp.dim(), dgp.generatorLayers(),
        dgp.conditionQuantile(), dgp.conditionPool(), Seeds.generator(seed));
    return new SphereProcess(dgp, vectors, generator);
  }

  @Override
  public Batch sample(long index, UniformRandomProvider rng, int n) {
    int dim = config.dim();
    int instances = config.instances();
    float[] z = new float[n * dim];
    float[] x = new float[n * dim];
    int[] instance = new int[n];
    int[] label = new int[n];
    ConditionalDistribution.Sampler sampler = conditional.sampler(rng);
    double[] latent = new double[dim];
    double[] observed = new double[dim];
    double[] tmp = new double[dim];
    for (int s = 0, o = 0; s < n; s++, o += dim) {
      int i = rng.nextInt(instances);
      int c = clusterVectors.classOf(i);
      sampler.sample(clusterVectors.vector(c), latent);
      generator.forward(latent, observed, tmp);
      for (int j = 0; j < dim; j++) {
        z[o + j] = (float) latent[j];
        x[o + j] = (float) observed[j];
      }
      instance[s] = i;
      label[s] = c;
    }
    return new Batch(index, n, dim, dim, z, x, instance, label);
  }

  @Override
  public Drawn drawn() {
    return new Drawn(clusterVectors.toArray(), generator.weights(), generator.conditionThreshold());
  }

  public Config.Dgp config() {
    return config;
  }

  public ClusterVectors clusterVectors() {
    return clusterVectors;
  }

  public InvertibleMlp generator() {
    return generator;
  }

  /** The conditional p(z | v) latents are drawn from. */
  public ConditionalDistribution conditional() {
    return conditional;
  }

  /** Class of an instance label: i mod K. */
  public int classOf(int instance) {
    return clusterVectors.classOf(instance);
  }
}
