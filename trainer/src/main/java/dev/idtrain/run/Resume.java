package dev.idtrain.run;

import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigException;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.config.ConfigView;
import dev.idtrain.config.Experiment;
import dev.idtrain.dgp.DataGeneratingProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** Finding and checking the checkpoint a run directory continues from. */
final class Resume {
  private Resume() {}

  /**
   * The newest valid checkpoint in {@code store}, or null for a fresh run.
   *
   * @throws ConfigException if the checkpoint's experiment differs from {@code config}
   */
  static Checkpoint find(CheckpointStore store, Config config, Path dir) throws IOException {
    Checkpoint checkpoint = store.newest().orElse(null);
    if (checkpoint != null) {
      Map<String, Object> saved = ConfigView.flatten(
          ConfigLoader.fromYaml(checkpoint.configYaml(), "checkpoint config"));
      ConfigView.flatten(config).forEach((key, value) -> {
        if (Experiment.definedBy(key) && !Objects.equals(saved.get(key), value)) {
          throw new ConfigException(key + ": " + value + " conflicts with the run in " + dir
              + " (checkpoint at step " + checkpoint.step() + " has " + saved.get(key)
              + "); allowed: the run's own value, or another --run-dir");
        }
      });
    }
    return checkpoint;
  }

  /** The generative process exactly as the checkpoint stored it. */
  static DataGeneratingProcess process(Config config, Checkpoint checkpoint) {
    return DataGeneratingProcess.restore(config.dgp(), new DataGeneratingProcess.Drawn(
        checkpoint.clusterVectors(), checkpoint.generatorWeights(), checkpoint.generatorThreshold()));
  }
}
