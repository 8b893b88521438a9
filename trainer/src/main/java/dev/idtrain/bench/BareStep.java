package dev.idtrain.bench;

import ai.djl.Device;
import dev.idtrain.config.Config;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.train.Learner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.FutureTask;

/**
 * The engine alone: the same model and optimiser stepping on one pre-built batch, on a thread of
 * its own as the pipeline's training thread is; with the page faults its steps take, which show
 * whether a step reuses the memory the step before freed (see the engine's allocator settings:
 * with glibc's defaults, a default step faulted 400–2000 pages back in).
 *
 * @param minorFaultsPerStep the training thread's minor page faults per timed step; NaN where
 *     Linux's per-thread counts cannot be read
 */
record BareStep(double stepsPerSecond, double minorFaultsPerStep) {
  private static final Path THREAD_STAT = Path.of("/proc/thread-self/stat");

  static BareStep measure(Config config, DataGeneratingProcess dgp, Device device, int warmup,
      int steps) throws Exception {
    Batch batch = dgp.sample(0, Seeds.batch(config.run().seed(), 0), config.train().batchSize());
    FutureTask<BareStep> measured = new FutureTask<>(() -> {
      try (Learner learner = new Learner(config, device)) {
        for (int i = 0; i < warmup; i++) {
          learner.step(batch);
        }
        double faultsBefore = minorFaults();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          learner.step(batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new BareStep(steps / seconds, (minorFaults() - faultsBefore) / steps);
      }
    });
    new Thread(measured, "idtrain-bare").start();
    return measured.get();
  }

  /** The calling thread's minor page faults (field 10 of its stat line); NaN where unreadable. */
  private static double minorFaults() {
    try {
      String stat = Files.readString(THREAD_STAT);
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
