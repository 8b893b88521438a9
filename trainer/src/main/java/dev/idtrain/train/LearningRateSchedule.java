package dev.idtrain.train;

import dev.idtrain.config.Config;
import dev.idtrain.config.LrSchedule;

/**
 * The factor the learning rate is scaled by at a step: a linear warm-up over the first
 * {@code train.warmupSteps} steps, then 1 (constant), or a half cosine from 1 down to 0 at
 * {@code train.horizonSteps}, where it stays (cosine). A pure function of the step, so a
 * resumed or rolled-back run takes the rate the step calls for.
 */
final class LearningRateSchedule {
  private final LrSchedule shape;
  private final long warmup;
  private final long horizon;

  LearningRateSchedule(Config.Train train) {
    this.shape = train.lrSchedule();
    this.warmup = train.warmupSteps();
    this.horizon = train.horizonSteps();
  }

  /** @param step the number of steps taken before this one */
  double factor(long step) {
    if (step < warmup) {
      return (step + 1.0) / warmup;
    }
    if (shape == LrSchedule.CONSTANT) {
      return 1;
    }
    double progress = Math.min(1, (double) (step - warmup) / (horizon - warmup));
    return 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
