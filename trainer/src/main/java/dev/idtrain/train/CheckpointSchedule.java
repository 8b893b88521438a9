package dev.idtrain.train;

import dev.idtrain.config.Config;

/** When the next checkpoint is due: every so many steps or seconds, whichever comes first. */
final class CheckpointSchedule {
  private final long everySteps;
  private final long everyNanos;
  private long lastStep = -1;
  private long lastNanos = System.nanoTime();

  CheckpointSchedule(Config.Checkpoint every) {
    this.everySteps = every.everySteps();
    this.everyNanos = every.everySeconds() * 1_000_000_000L;
  }

  boolean due(long step) {
    return step - lastStep >= everySteps || System.nanoTime() - lastNanos >= everyNanos;
  }

  /** Whether {@code step} is already on disk. */
  boolean saved(long step) {
    return lastStep == step;
  }

  void savedAt(long step) {
    lastStep = step;
    lastNanos = System.nanoTime();
  }
}
