package dev.idtrain.train;

import dev.idtrain.config.Config;

/**
 * What a rollback costs: each one scales the learning rate down, and after the allowed number the
 * run fails instead. The count survives restarts through checkpoints.
 */
final class RollbackPolicy {
  private final int maxRollbacks;
  private final double lrFactor;
  private int rollbacks;

  RollbackPolicy(Config.Train train, int rollbacksSoFar) {
    this.maxRollbacks = train.maxRollbacks();
    this.lrFactor = train.rollbackLrFactor();
    this.rollbacks = rollbacksSoFar;
  }

  /** False once the allowed rollbacks are spent: the run fails instead. */
  boolean allowed() {
    return rollbacks < maxRollbacks;
  }

  /** Counts a rollback; returns the learning rate to continue with. */
  float rollBack(float learningRate) {
    rollbacks++;
    return (float) (learningRate * lrFactor);
  }

  int rollbacks() {
    return rollbacks;
  }
}
