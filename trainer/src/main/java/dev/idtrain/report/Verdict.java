package dev.idtrain.report;

import java.util.Locale;

/**
 * Whether a point reproduces the paper. First, whether it converged: where a seed of it ran
 * again at twice the budget (a grid's {@code convergenceSeeds}), that seed's R² must have moved
 * by less than {@value #CONVERGED_POINTS} point; without such a run, the window-median R² must
 * not still have risen by more than {@value #RISING_POINTS} point over the last 20% of the steps
 * (mean over seeds; a run too short to tell counts as rising). A point that converged is within
 * {@value #TOLERANCE_POINTS} points of the paper's R², or as far off as it is; one within them
 * counts even while it rises.
 */
final class Verdict {
  static final double TOLERANCE_POINTS = 2;
  static final double RISING_POINTS = 1;
  static final double CONVERGED_POINTS = 0.5;

  private Verdict() {}

  /** @param rise the mean over seeds of {@link RunFigures#rise()}, as a fraction of R² */
  static boolean rising(double rise) {
    return Double.isNaN(rise) || rise * 100 > RISING_POINTS;
  }

  /**
   * @param measured and {@code paper} as fractions; paper NaN where the paper has no figure
   * @param moved how far its seeds' R² moved at twice the budget (mean over the seeds that ran
   *     again), as a fraction; NaN where none did
   */
  static String of(double measured, double paper, double rise, double moved) {
    if (Math.abs(moved) * 100 >= CONVERGED_POINTS) {
      return String.format(Locale.ROOT, "not converged: %+.2f points at twice the budget",
          moved * 100);
    }
    double gap = (measured - paper) * 100;
    if (Math.abs(gap) <= TOLERANCE_POINTS) {
      return "within 2 points";
    }
    if (Double.isNaN(moved) && rising(rise)) {
      return "not converged yet";
    }
    if (Double.isNaN(paper)) {
      return "no paper figure";
    }
    return String.format(Locale.ROOT, "%.1f points %s", Math.abs(gap), gap < 0 ? "below" : "above");
  }
}
