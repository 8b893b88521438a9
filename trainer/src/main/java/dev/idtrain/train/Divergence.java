package dev.idtrain.train;

import dev.idtrain.stats.Median;
import java.util.Arrays;

/**
 * Decides when training has diverged: a step is bad when its loss or gradient is not finite, or
 * its loss is more than {@code factor} times its recent level; {@code maxBadSteps} bad steps in
 * a row call for a rollback. A single bad batch is not divergence. The recent level is the
 * median of the recent finite losses, and never above the loss of chance (ln of the number of
 * labels), which even an untrained model scores near: so a run that explodes from its very
 * first steps, with no history yet, is caught too.
 */
final class Divergence {
  enum Verdict { GOOD, BAD, ROLLBACK }

  private static final int WINDOW = 100;

  private final int maxBadSteps;
  private final double factor;
  private final double chanceLoss;
  private final double[] recent = new double[WINDOW];
  private int recorded;
  private int badStreak;

  /** @param labels the number of labels the head chooses among */
  Divergence(int maxBadSteps, double factor, int labels) {
    this.maxBadSteps = maxBadSteps;
    this.factor = factor;
    this.chanceLoss = Math.log(labels);
  }

  Verdict observe(StepOutcome outcome) {
    double level = recorded == 0 ? chanceLoss : Math.min(chanceLoss, median());
    boolean exploded = outcome.finite() && outcome.loss() > factor * level;
    if (!outcome.finite() || exploded) {
      return ++badStreak >= maxBadSteps ? Verdict.ROLLBACK : Verdict.BAD;
    }
    badStreak = 0;
    recent[recorded++ % WINDOW] = outcome.loss();
    return Verdict.GOOD;
  }

  /** Whether the last step was bad: no checkpoint should capture a run that may be diverging. */
  boolean suspect() {
    return badStreak > 0;
  }

  /** Forgets the history: after a rollback the losses start again from the checkpoint's. */
  void reset() {
    recorded = 0;
    badStreak = 0;
  }

  private double median() {
    return Median.of(Arrays.copyOf(recent, Math.min(recorded, WINDOW)));
  }
}
