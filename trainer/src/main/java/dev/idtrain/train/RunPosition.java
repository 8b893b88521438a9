package dev.idtrain.train;

import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.dgp.Batch;

/**
 * Where a run is: its step and sample counts, the next training batch to draw, the last finite
 * loss and the run's elapsed time across restarts. Owned by the training thread.
 */
final class RunPosition {
  private final long sessionStart = System.nanoTime();
  private double elapsedBefore;
  private long step;
  private long samples;
  private long nextBatch;
  private double loss = Double.NaN;

  /** Counts one step on {@code batch}; a non-finite loss leaves the last finite one. */
  void advance(Batch batch, double stepLoss) {
    step++;
    samples += batch.size();
    nextBatch = batch.index() + 1;
    if (Double.isFinite(stepLoss)) {
      loss = stepLoss;
    }
  }

  /** Back to a checkpoint's counts; the data stream only moves forward. */
  void restore(Checkpoint c) {
    step = c.step();
    samples = c.samples();
    nextBatch = Math.max(nextBatch, c.nextBatch());
  }

  /** A resumed run continues its clock from the checkpoint. */
  void resume(Checkpoint c) {
    restore(c);
    elapsedBefore = c.elapsedSeconds();
  }

  long step() {
    return step;
  }

  long samples() {
    return samples;
  }

  long nextBatch() {
    return nextBatch;
  }

  double loss() {
    return loss;
  }

  double elapsedSeconds() {
    return elapsedBefore + (System.nanoTime() - sessionStart) / 1e9;
  }
}
