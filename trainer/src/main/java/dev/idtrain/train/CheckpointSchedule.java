package dev.idtrain.train;

import dev.idtrain.config.Config;

/**
 * When the next checkpoint is due: every so many steps or seconds, whichever comes first, counted
 * from the last attempt, so that a failed write (a full disk) is retried at the next interval
 * rather than at every step.
 */
final class CheckpointSchedule {
  private final long everySteps;
  private final long everyNanos;
  private long lastStep = -1;
  private long lastNanos = System.nanoTime();
  private long savedStep = -1;

  CheckpointSchedule(Config.Checkpoint every) {
    this.everySteps = every.everySteps();
    this.everyNanos = every.everySeconds() * 1_000_000_000L;
  }

  boolean due(long step) {
    return step - lastStep >= everySteps || System.nanoTime() - lastNanos >= everyNanos;
  }

  /** Whether {@code step} is already on disk. */
  boolean saved(long step) {
    return savedStep == step;
  }

  void savedAt(long step) {
    attemptedAt(step);
    savedStep = step;
  }

  /** A write at {@code step} failed: the next attempt is due an interval from now. */
  void attemptedAt(long step) {
    lastStep = step;
    lastNanos = System.nanoTime();
  }
}
