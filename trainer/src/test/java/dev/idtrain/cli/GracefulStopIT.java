package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idtrain.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulStopIT {
  @TempDir Path dir;

  @Test
  void sigtermCheckpointsWritesTheSummaryAndExitsZeroWithinTenSeconds() throws Exception {
    Path run = dir.resolve("run");
    List<String> args = new ArrayList<>(List.of("run", "--run-dir", run.toString(),
        "--set", "telemetry.port=0", "--set", "checkpoint.everySteps=100000"));
    args.addAll(Daemon.SMALL);
    try (Daemon daemon = Daemon.start(dir.resolve("out.log"), args)) {
      daemon.awaitWhileRunning(Duration.ofMinutes(2), () -> lines(run.resolve("probes.csv")) >= 3);
      long signalled = System.nanoTime();
      daemon.process().destroy(); // SIGTERM
      assertThat(daemon.awaitExit(Duration.ofSeconds(10))).as(daemon.output()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(10));
    }
    JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertThat(summary.get("state").asText()).isEqualTo("stopped");
    assertThat(summary.get("reason").asText()).isEqualTo("stop requested");
    long steps = summary.get("steps").asLong();
    assertThat(steps).isGreaterThanOrEqualTo(10);
    assertThat(new CheckpointStore(run.resolve("checkpoints"), 3).newest())
        .get().satisfies(c -> assertThat(c.step()).isEqualTo(steps));
  }

  @Test
  void aMetricsPortInUseIsRefusedBeforeAnythingIsWritten() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path run = dir.resolve("run");
      StringWriter err = new StringWriter();
      int code = Main.execute(new PrintWriter(err, true), "run", "--run-dir", run.toString(),
          "--set", "dgp.conditionPool=200", "--set", "telemetry.port=" + taken.getLocalPort());
      assertThat(code).isEqualTo(ExitCode.REFUSED.code);
      assertThat(err.toString()).startsWith("idtrain: telemetry.port: ").hasLineCount(1);
      assertThat(run).doesNotExist();
    }
  }

  static long lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
