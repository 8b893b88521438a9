package dev.idtrain.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a sweep's run stands, read from its directory's summary.json (written by the run when it
 * stops): finished at its step budget, failed (diverged beyond its rollbacks: running it again
 * would diverge again from the same checkpoint), or still to run (fresh, or interrupted and
 * resumed from its checkpoints).
 */
public enum RunStatus {
  FINISHED,
  FAILED,
  TO_RUN;

  private static final ObjectMapper JSON = new ObjectMapper();

  public static RunStatus of(Path runDir, long steps) {
    Path summary = runDir.resolve("summary.json");
    if (!Files.isRegularFile(summary)) {
      return TO_RUN;
    }
    try {
      JsonNode json = JSON.readTree(summary.toFile());
      String state = json.path("state").asText();
      if (state.equals("failed")) {
        return FAILED;
      }
      return state.equals("stopped") && json.path("steps").asLong() >= steps ? FINISHED : TO_RUN;
    } catch (IOException e) {
      return TO_RUN; // unreadable: the run writes it again when it stops
    }
  }
}
