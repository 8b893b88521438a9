package dev.idtrain.run;

import dev.idtrain.telemetry.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code status.json}: where a live run stands, rewritten every second while it runs (atomically:
 * a reader never sees half of it) and a last time once its summary is on disk. What a sweep
 * reads of its runs, instead of their console.
 *
 * @param pid the process that runs it
 * @param state {@code starting}, {@code running}, then {@code stopped} or {@code failed} once
 *     summary.json is written (the process may still serve its final metrics a while)
 * @param step the step it reached
 * @param firstStep the step this process started at: 0, or the checkpoint it resumed from
 * @param budget the step at which it stops by itself; null when it runs until stopped
 * @param stepsPerS its speed over the last {@value #RATE_WINDOW_SECONDS} s of run time (or
 *     since its warm-up, when that is shorter, but at least 1 s); NaN until measured
 * @param elapsedS its run time, across resumes
 * @param metricsUrl its metrics endpoint; null without one
 * @param pageUrl its live page; null without one
 * @param lastProbe null before the first probe
 * @param updatedAt when this was written, ISO-8601
 */
public record LiveStatus(String run, long pid, String state, long step, long firstStep,
    Long budget, double stepsPerS, double elapsedS, String metricsUrl, String pageUrl,
    RunSummary.LastProbe lastProbe, String updatedAt) {

  /** Run time the speed is measured over, once the run has trained that long. */
  public static final double RATE_WINDOW_SECONDS = 10;

  /**
   * Run time after this process's first step that its speed is not measured over: the engine's
   * first steps set up its kernels while the JIT compiles the sampler (d = 5: 5 steps in the first
   * second, 30 a second after), and a rate that counted them would call a short run slower than it
   * is for as long as they stayed in the window.
   */
  public static final double WARM_UP_SECONDS = 1;

  static final String FILE = "status.json";

  /** Whether it still trains: started and not yet ended. */
  public boolean training() {
    return state.equals("starting") || state.equals("running");
  }

  /** The status of the run in {@code runDir}; empty when there is none or it cannot be read. */
  public static Optional<LiveStatus> read(Path runDir) {
    Path file = runDir.resolve(FILE);
    try {
      return Files.exists(file)
          ? Optional.ofNullable(Json.MAPPER.readValue(file.toFile(), LiveStatus.class))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // replaced atomically, so only a file from elsewhere is unreadable
    }
  }
}
