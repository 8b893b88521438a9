package dev.idtrain.run;

import dev.idtrain.checkpoint.AtomicFiles;
import dev.idtrain.telemetry.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A live run's metrics endpoint in Prometheus's file-based discovery format ({@code
 * file_sd_configs}), there while the run's process serves it: a sweep's runs each keep one in
 * {@code DIR/targets/}, so one Prometheus finds them all with {@code DIR/targets/*.json}, whoever
 * started them (a local sweep, Slurm, by hand). An endpoint bound to every interface is named by
 * this machine's host name, which another machine can reach.
 */
final class TargetFile implements AutoCloseable {
  private final Path file;

  private TargetFile(Path file) {
    this.file = file;
  }

  static TargetFile write(Path file, String metricsUrl) throws IOException {
    URI url = URI.create(metricsUrl);
    String host = url.getHost();
    if (InetAddress.getByName(host.replaceAll("^\\[|]$", "")).isAnyLocalAddress()) {
      host = InetAddress.getLocalHost().getCanonicalHostName();
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, Json.FILES.writeValueAsBytes(
        List.of(Map.of("targets", List.of(host + ":" + url.getPort())))));
    return new TargetFile(file);
  }

  /** The endpoint is gone with the process: so is its entry. */
  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
