package dev.idtrain.run;

import dev.idtrain.event.TrainingEvent;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/** The console's progress line, at most every {@code intervalSeconds} of run time. */
final class Progress implements Consumer<TrainingEvent> {
  private final PrintStream out;
  private final double intervalSeconds;
  private TrainingEvent.Probe probe;
  private TrainingEvent.Step lastPrinted;

  Progress(PrintStream out, double intervalSeconds) {
    this.out = out;
    this.intervalSeconds = intervalSeconds;
  }

  @Override
  public void accept(TrainingEvent event) {
    if (event instanceof TrainingEvent.Probe p) {
      probe = p;
    } else if (event instanceof TrainingEvent.Step s) {
      if (lastPrinted == null) {
        lastPrinted = s;
      } else if (s.elapsedSeconds() - lastPrinted.elapsedSeconds() >= intervalSeconds) {
        print(s);
      }
    }
  }

  private void print(TrainingEvent.Step s) {
    double rate = (s.step() - lastPrinted.step()) / (s.elapsedSeconds() - lastPrinted.elapsedSeconds());
    String probed = probe == null ? "r2 -  cluster_r2 -"
        : String.format(Locale.ROOT, "r2 %.4f  %s (step %d)", probe.r2Affine(), second(probe),
            probe.step());
    out.printf(Locale.ROOT, "step %d  %.1f steps/s  loss %.4f  %s%n", s.step(), rate, s.loss(), probed);
    lastPrinted = s;
  }

  /** The cluster R² on the sphere; a sprite's factor correlations. */
  private static String second(TrainingEvent.Probe p) {
    if (p.factors().isEmpty()) {
      return String.format(Locale.ROOT, "cluster_r2 %.4f", p.clusterR2());
    }
    StringBuilder corr = new StringBuilder("corr");
    p.factors().forEach(f -> corr.append(String.format(Locale.ROOT, " %s %.3f", f.factor(), f.correlation())));
    return corr.toString();
  }
}
