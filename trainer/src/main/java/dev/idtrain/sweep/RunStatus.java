package dev.idtrain.sweep;

import dev.idtrain.run.RunSummary;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a sweep's run stands, read from its directory's summary.json (written by the run when it
 * stops): finished (at its step budget, or converged), failed (diverged beyond its rollbacks: running it again
 * would diverge again from the same checkpoint), or still to run (fresh, or interrupted and
 * resumed from its checkpoints).
 */
public enum RunStatus {
  FINISHED,
  FAILED,
  TO_RUN;

  public static RunStatus of(Path runDir, long steps) {
    try {
      return RunSummary.read(runDir).map(summary -> summary.failed() ? FAILED
          : summary.finished(steps) ? FINISHED : TO_RUN)
          .orElse(TO_RUN);
    } catch (IOException e) {
      return TO_RUN; // unreadable: the run writes it again when it stops
    }
  }
}
