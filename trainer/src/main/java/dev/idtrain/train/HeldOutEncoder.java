package dev.idtrain.train;

import dev.idtrain.config.Config;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.probe.ProbeSnapshot;

/**
 * A probe's input: a fresh held-out set drawn for the step (its own seeded stream, never a
 * training batch), encoded on the training thread and handed on as plain arrays.
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

  ProbeSnapshot snapshot(RunPosition position) {
    long start = System.nanoTime();
    long step = position.step();
    Batch heldOut = dgp.sample(step, Seeds.probe(config.run().seed(), step), config.probe().samples());
    Encoded encoded = learner.encode(heldOut);
    return new ProbeSnapshot(step, position.elapsedSeconds(), position.loss(),
        (System.nanoTime() - start) / 1e9,
        heldOut.dim(), heldOut.z(), encoded.features(), learner.targets(heldOut),
        encoded.predicted(), encoded.headRows(), config.train().objective(),
        dgp.clusterVectors().toArray(), encoded.temperature(), config.dgp().kappa(),
        config.model().normalizeRows(), config.model().learnTemperature());
  }
}
