package dev.idtrain.telemetry;

import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.Probe;
import dev.idtrain.event.TrainingEvent.Step;
import java.util.ArrayList;
import java.util.List;

/** Synthetic training events for tests. */
public final class Events {

  public static final int BATCH = 1024;

  public static final RunInfo INFO =
      new RunInfo("test-run", "supervised", 5, 100, 10240, "vmf", 10.0, "cpu", "fp32", "0.1.0",
          new RunInfo.Reference("Tab. 3 base", 0.998, Double.NaN, Double.NaN, Double.NaN,
              List.of()));

  private Events() {}

  /** Step {@code n} of a fresh run: n * BATCH samples so far, loss 1/n. */
  public static Step step(long n) {
    return new Step(n, n * BATCH, 1.0 / n, 1e-3, 0.5, true, 0.004, 0.0012, 3, n * 0.01);
  }

  /**
   * Probe number {@code k} at {@code step}: every figure derived from k, so a test can tell
   * whether all probe gauges of a scrape came from the same probe.
   */
  public static Probe probe(int k, long step) {
    double base = k / 1000.0;
    List<Double> perDim = new ArrayList<>();
    for (int d = 0; d < INFO.dim(); d++) {
      perDim.add(base + d * 1e-6);
    }
    return new Probe(
        step, step * 0.01, 1.0 / step, base, base + 1e-4, perDim, base + 2e-4, base + 3e-4,
        base + 7e-4, base + 8e-4, base + 4e-4, base + 5e-4, base + 6e-4, 0.2, List.of());
  }
}
