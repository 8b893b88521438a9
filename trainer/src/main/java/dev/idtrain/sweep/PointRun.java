package dev.idtrain.sweep;

import dev.idtrain.checkpoint.AtomicFiles;
import dev.idtrain.config.ConfigView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sweep's run as an ordinary {@code run}: its directory {@code DIR/<run id>/}, its resolved
 * config.yaml written there first, and the {@code run} arguments that train it. The local worker
 * pool, {@code --index} and a Kubernetes pod all start a point through this, so a run behaves
 * the same whoever started it, and a user can start it again by hand with the same arguments.
 */
public record PointRun(SweepPoint point, Path dir) {

  public static PointRun in(Path sweepDir, SweepPoint point) {
    return new PointRun(point, sweepDir.resolve(point.runId()));
  }

  public RunStatus status() {
    return RunStatus.of(dir, point.steps());
  }

  /**
   * Writes config.yaml and returns {@code run --config DIR/config.yaml --run-dir DIR --steps N
   * --target-file SWEEP/targets/<run id>.json}: while it serves metrics, the run lists its
   * endpoint beside its sweep's other runs', for one Prometheus to find them all.
   */
  public List<String> prepare() throws IOException {
    Files.createDirectories(dir);
    Path config = dir.resolve("config.yaml");
    AtomicFiles.write(config, ConfigView.toYaml(point.config()).getBytes(StandardCharsets.UTF_8));
    return List.of("run", "--config", config.toString(), "--run-dir", dir.toString(),
        "--steps", Long.toString(point.steps()), "--target-file",
        targets(dir.getParent()).resolve(point.runId() + ".json").toString());
  }

  /** Where a sweep's live runs list their endpoints: {@code SWEEP/targets/*.json}. */
  public static Path targets(Path sweepDir) {
    return sweepDir.resolve("targets");
  }
}
