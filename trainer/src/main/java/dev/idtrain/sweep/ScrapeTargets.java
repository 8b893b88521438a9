package dev.idtrain.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idtrain.checkpoint.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code DIR/targets.json}: the metrics endpoints of the sweep's live runs, in Prometheus's
 * file-based service discovery format ({@code file_sd_configs}), rewritten when the set changes.
 * Each run picks a free port, so one Prometheus finds them all through this file.
 */
final class ScrapeTargets {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final java.nio.file.Path file;
  private List<String> written;

  ScrapeTargets(java.nio.file.Path file) {
    this.file = file;
  }

  void update(List<Worker> alive) throws IOException {
    List<String> targets = alive.stream().map(Worker::metricsUrl).flatMap(Optional::stream)
        .map(url -> URI.create(url).getAuthority()).sorted().toList();
    if (!targets.equals(written)) {
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(
          targets.isEmpty() ? List.of() : List.of(Map.of("targets", targets))));
      written = targets;
    }
  }
}
