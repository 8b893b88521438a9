package dev.idtrain.telemetry.sweep;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One run of a sweep as its overview shows it, in plain values, and as {@code /api/v1/sweep}
 * answers it (snake_case). Figures not known are NaN (or
 * null for {@code probeStep} and {@code page}), answered as null.
 *
 * @param index the run's index in the sweep
 * @param run its run id
 * @param point its point's label, empty when the point has none
 * @param state where it stands
 * @param step the step it reached, as far as the sweep knows
 * @param steps its step budget
 * @param stepsPerS its latest training speed, NaN when not running
 * @param r2 its latest affine R², NaN before its first probe
 * @param clusterR2 its latest cluster R², NaN before its first probe
 * @param probeStep the step of that probe, null before the first
 * @param paperR2 the paper's R² for its configuration, NaN where the paper has none
 * @param page its live page's URL while it serves one, else null
 */
public record SweepRow(int index, String run, String point, State state, long step, long steps,
    double stepsPerS, double r2, double clusterR2, Long probeStep, double paperR2, String page) {

  /** Where a sweep's run stands. */
  public enum State {
    QUEUED, RUNNING, FINISHED, FAILED;

    /** The lower-case name, as the JSON API and the {@code state} label spell it. */
    @JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
