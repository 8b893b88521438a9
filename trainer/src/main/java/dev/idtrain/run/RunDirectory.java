package dev.idtrain.run;

import dev.idtrain.checkpoint.AtomicFiles;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import dev.idtrain.event.TrainingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's directory: {@code run.lock}, the resolved {@code config.yaml}, {@code probes.csv},
 * {@code checkpoints/}, and {@code summary.json} written when the run stops. Used only by the
 * holder of its {@link DirectoryLock}.
 */
final class RunDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
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

  /**
   * Refuses a directory that cannot be written, and removes the temporary files of writes that a
   * killed predecessor left half done (safe: the lock says no one else is writing).
   *
   * @throws RunDirectoryException if a file cannot be created in the directory
   */
  void prepare() throws IOException {
    Path probe = dir.resolve(".writable.tmp");
    try {
      Files.deleteIfExists(probe);
      Files.createFile(probe);
      Files.delete(probe);
    } catch (IOException e) {
      throw new RunDirectoryException("run directory " + dir + " is not writable ("
          + DirectoryLock.reason(e) + ")");
    }
    for (Path folder : new Path[] {dir, dir.resolve("checkpoints")}) {
      if (Files.isDirectory(folder)) {
        try (Stream<Path> files = Files.list(folder)) {
          for (Path file : (Iterable<Path>) files.filter(AtomicFiles::isTemporary)::iterator) {
            Files.delete(file);
          }
        }
      }
    }
  }

  /**
   * Writes config.yaml (when it changed) and opens probes.csv as of {@code step}. A write that
   * fails here (a full disk) does not stop the run: config.yaml is written again at the next
   * start, and probes.csv reports its failure to {@code failures} and retries.
   */
  ProbeLog open(Config config, long step, Consumer<TrainingEvent> failures) {
    byte[] yaml = ConfigView.toYaml(config).getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("config.yaml");
    try {
      if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), yaml)) {
        AtomicFiles.write(file, yaml);
      }
    } catch (IOException e) {
      LOG.warn("config.yaml not written ({}); the checkpoints hold the configuration too",
          e.getMessage());
    }
    return ProbeLog.open(dir.resolve("probes.csv"), RunAssembly.factors(config), step, failures);
  }

}
