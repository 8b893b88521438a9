package dev.idtrain.report;

import java.util.Locale;

/**
 * Whether a point reproduces the paper: within {@value #TOLERANCE_POINTS} points of its R²;
 * otherwise "not converged yet" while the window-median R² still rose by more than
 * {@value #RISING_POINTS} point over the last 20% of the steps (mean over seeds; a run too short
 * to tell counts as rising); otherwise how far off it is.
 */
final class Verdict {
  static final double TOLERANCE_POINTS = 2;
  static final double RISING_POINTS = 1;

  private Verdict() {}

  /** @param rise the mean over seeds of {@link RunFigures#rise()}, as a fraction of R² */
  static boolean rising(double rise) {
    return Double.isNaN(rise) || rise * 100 > RISING_POINTS;
  }

  /** @param measured and {@code paper} as fractions; paper NaN where the paper has no figure */
  static String of(double measured, double paper, double rise) {
    double gap = (measured - paper) * 100;
    if (Math.abs(gap) <= TOLERANCE_POINTS) {
      return "within 2 points";
    }
    if (rising(rise)) {
      return "not converged yet";
    }
    if (Double.isNaN(paper)) {
      return "no paper figure";
    }
    return String.format(Locale.ROOT, "%.1f points %s", Math.abs(gap), gap < 0 ? "below" : "above");
  }
}
