package dev.idtrain.report;

import dev.idtrain.config.Config;
import dev.idtrain.run.ProbeRow;
import java.nio.file.Path;
import java.util.List;

/**
 * One run directory as read back: its resolved config, its probes in step order, and what
 * summary.json says about how it ended ({@code state} is "unfinished" when there is no
 * summary.json yet: the run is still going, or was killed).
 */
record RecordedRun(Path dir, Config config, List<ProbeRow> probes, String state, long steps) {
  String id() {
    return config.run().id();
  }

  long seed() {
    return config.run().seed();
  }
}
