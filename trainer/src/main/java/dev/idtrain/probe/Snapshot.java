package dev.idtrain.probe;

import dev.idtrain.event.TrainingEvent;

/**
 * What leaves the training thread for one probe, as plain arrays: a held-out set as the model
 * encoded it, with the truth it is scored against. Scoring is pure, so it may run on any thread.
 */
public sealed interface Snapshot permits ProbeSnapshot, FactorSnapshot {

  /** The training step the snapshot was taken at. */
  long step();

  /** Every figure of the snapshot. */
  TrainingEvent.Probe score();
}
