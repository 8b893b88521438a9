package dev.idtrain.dgp;

import dev.idtrain.config.Config;
import dev.idtrain.config.DgpKind;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A known generative process that a run samples from and its probes measure against
 * ({@code dgp.kind}, docs/SCIENCE.md). Thread-safe, so any number of threads may sample
 * concurrently, each with its own random stream.
 */
public sealed interface DataGeneratingProcess permits SphereProcess, SpriteProcess {

  /**
   * What a checkpoint keeps of a process: what was drawn from the seed. Empty for sprites, whose
   * process is fixed by the configuration alone.
   */
  record Drawn(double[][] clusterVectors, double[][][] generatorWeights, double generatorThreshold) {
    static final Drawn NOTHING = new Drawn(new double[0][], new double[0][][], Double.NaN);
  }

  /** The process {@code dgp} describes, with everything it draws drawn from {@code seed}. */
  static DataGeneratingProcess create(Config.Dgp dgp, long seed) {
    return dgp.kind() == DgpKind.SPRITES ? new SpriteProcess(dgp.continuous())
        : SphereProcess.create(dgp, seed);
  }

  /**
   * The process as a checkpoint stored it: the sphere's drawn parts exactly as saved, so a
   * resumed run samples the same process whatever the code that draws them does since.
   */
  static DataGeneratingProcess restore(Config.Dgp dgp, Drawn drawn) {
    return dgp.kind() == DgpKind.SPRITES ? new SpriteProcess(dgp.continuous())
        : new SphereProcess(dgp, new ClusterVectors(drawn.clusterVectors()),
            new InvertibleMlp(drawn.generatorWeights(), drawn.generatorThreshold()));
  }

  /**
   * Draws {@code n} samples from {@code rng} (for training batch b: {@link Seeds#batch}), so
   * the batch is a pure function of the stream. Safe to call concurrently with distinct rngs.
   */
  Batch sample(long index, UniformRandomProvider rng, int n);

  /**
   * Takes back a batch whose arrays nobody reads any more (a training step has copied them into
   * the engine), so a later batch may be drawn into them. Optional: a batch never given back is
   * simply collected.
   */
  default void recycle(Batch batch) {}

  /** What a checkpoint keeps of it. */
  Drawn drawn();
}
