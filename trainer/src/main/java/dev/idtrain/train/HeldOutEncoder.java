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

/**
 * A probe's input: a fresh held-out set drawn for the step (its own seeded stream, never a
 * training batch), encoded on the training thread and handed on as plain arrays with the truth
 * its process scores them against.
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
    Batch heldOut = dgp.sample(step, Seeds.probe(config.run().seed(), step), config.probe().samples());
    Encoded encoded = learner.encode(heldOut);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (dgp instanceof SphereProcess sphere) {
      return new ProbeSnapshot(step, position.elapsedSeconds(), position.loss(), seconds,
          heldOut.dim(), heldOut.z(), encoded.features(), learner.targets(heldOut),
          encoded.predicted(), encoded.headRows(), config.train().objective(),
          sphere.clusterVectors().toArray(), encoded.temperature(), config.dgp().kappa(),
          config.model().normalizeRows(), config.model().learnTemperature());
    }
    return new FactorSnapshot(step, position.elapsedSeconds(), position.loss(), seconds,
        Architecture.of(config).features(), encoded.features(), heldOut.z(), heldOut.label(),
        encoded.predicted(), SpriteShape.HEART.ordinal(), encoded.headRows());
  }
}
