package dev.idtrain.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.idtrain.checkpoint.AtomicFiles;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A run's directory: the resolved {@code config.yaml}, {@code probes.csv},
 * {@code checkpoints/}, and {@code summary.json} written when the run stops.
 */
final class RunDirectory {
  private final Path dir;

  RunDirectory(Path dir) {
    this.dir = dir;
  }

  Path path() {
    return dir;
  }

  CheckpointStore checkpoints(Config config) {
    return new CheckpointStore(dir.resolve("checkpoints"), config.checkpoint().keep());
  }

  /** Creates the directory with its config.yaml, and opens probes.csv as of {@code step}. */
  ProbeLog open(Config config, long step) throws IOException {
    Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve("config.yaml"),
        ConfigLoader.toYaml(config).getBytes(StandardCharsets.UTF_8));
    return ProbeLog.open(dir.resolve("probes.csv"), step);
  }

  void writeSummary(Map<String, Object> summary) throws IOException {
    byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsBytes(summary);
    AtomicFiles.write(dir.resolve("summary.json"), json);
  }
}
