package dev.idtrain.train;

import dev.idtrain.config.Architecture;
import dev.idtrain.config.Config;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.dgp.SphereProcess;
import dev.idtrain.dgp.SpriteShape;
import dev.idtrain.probe.FactorSnapshot;
import dev.idtrain.probe.ProbeSnapshot;
import dev.idtrain.probe.Snapshot;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A probe's input: a fresh held-out set drawn for the step (its own seeded stream, never a
 * training batch), encoded on the training thread and handed on as plain arrays with the truth
 * its process scores them against. The set is drawn and encoded a training batch at a time,
 * each block's observations going back to the process: the same samples as one draw of the
 * whole set, without the whole set's images (128 MB for 8192 sprites) in memory at once.
 */
final class HeldOutEncoder {
  private final Config config;
  private final DataGeneratingProcess dgp;
  private final Learner learner;

  HeldOutEncoder(Config config, DataGeneratingProcess dgp, Learner learner) {
    this.config = config;
    this.dgp = dgp;
    this.learner = learner;
  }

  Snapshot snapshot(RunPosition position) {
    long start = System.nanoTime();
    long step = position.step();
    HeldOut set = encode(step);
    double seconds = (System.nanoTime() - start) / 1e9;
    Encoded encoded = set.encoded();
    if (dgp instanceof SphereProcess sphere) {
      return new ProbeSnapshot(step, position.elapsedSeconds(), position.loss(), seconds,
          set.dim(), set.z(), encoded.features(), set.targets(), encoded.predicted(),
          encoded.headRows(), config.train().objective(), sphere.clusterVectors().toArray(),
          encoded.temperature(), config.dgp().kappa(), config.model().normalizeRows(),
          config.model().learnTemperature());
    }
    return new FactorSnapshot(step, position.elapsedSeconds(), position.loss(), seconds,
        Architecture.of(config).features(), encoded.features(), set.z(), set.labels(),
        encoded.predicted(), SpriteShape.HEART.ordinal(), encoded.headRows());
  }

  /** The held-out set of {@code step}: its latents, targets and labels, and how it encodes. */
  record HeldOut(int dim, float[] z, int[] targets, int[] labels, Encoded encoded) {}

  HeldOut encode(long step) {
    int n = config.probe().samples();
    int block = config.train().batchSize();
    int features = Architecture.of(config).features();
    UniformRandomProvider rng = Seeds.probe(config.run().seed(), step);
    HeldOut set = null;
    for (int from = 0; from < n; from += block) {
      Batch part = dgp.sample(step, rng, Math.min(block, n - from));
      Encoded encoded = learner.encode(part);
      if (set == null) {
        set = new HeldOut(part.dim(), new float[n * part.dim()], new int[n], new int[n],
            new Encoded(new float[n * features], new int[n], encoded.headRows(),
                encoded.temperature()));
      }
      System.arraycopy(part.z(), 0, set.z(), from * part.dim(), part.z().length);
      System.arraycopy(learner.targets(part), 0, set.targets(), from, part.size());
      System.arraycopy(part.label(), 0, set.labels(), from, part.size());
      System.arraycopy(encoded.features(), 0, set.encoded().features(), from * features,
          encoded.features().length);
      System.arraycopy(encoded.predicted(), 0, set.encoded().predicted(), from, part.size());
      dgp.recycle(part);
    }
    return set;
  }
}
