package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.run.ProbeRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments of a real run, checkpoints every few steps so that some kills land
 * in the middle of a checkpoint write: every restart resumes from the newest checkpoint on disk,
 * no work older than it is lost, every checkpoint passes its checksum, and probes.csv ends with
 * one whole line per step.
 */
class KillIT {

  @TempDir Path dir;

  @Test
  void everyRestartResumesWhereTheLastCheckpointLeftOff() throws Exception {
    Path run = dir.resolve("run");
    CheckpointStore store = new CheckpointStore(run.resolve("checkpoints"), 3);
    List<String> args = new ArrayList<>(List.of("run", "--run-dir", run.toString(),
        "--set", "telemetry.enabled=false", "--set", "checkpoint.everySteps=4"));
    args.addAll(Daemon.SMALL);
    Random random = new Random(20261122);
    long newestBeforeKill = 0;
    for (int kill = 0; kill < 10; kill++) {
      try (Daemon daemon = Daemon.start(dir.resolve("out-" + kill + ".log"), args)) {
        daemon.awaitWhileRunning(Duration.ofMinutes(2), () -> daemon.startedAtStep() >= 0);
        assertThat(daemon.startedAtStep()).as("resumed step after kill %d", kill).isEqualTo(newestBeforeKill);
        long target = newestBeforeKill + 4 + random.nextInt(12);
        daemon.awaitWhileRunning(Duration.ofMinutes(2), () -> newest(store) >= target);
        Thread.sleep(random.nextInt(400));
        daemon.process().destroyForcibly(); // SIGKILL
        daemon.process().waitFor();
      }
      for (Path file : store.files()) {
        CheckpointStore.read(file); // throws if it fails its checksum
      }
      long newest = newest(store);
      assertThat(newest).as("no checkpoint older than the last one seen").isGreaterThanOrEqualTo(newestBeforeKill);
      newestBeforeKill = newest;
      assertThat(Files.readString(run.resolve("probes.csv"))).endsWith("\n");
    }
    long end = (newestBeforeKill / 5 + 2) * 5; // a probe step (probe.every=5) past the last checkpoint
    try (Daemon daemon = Daemon.start(dir.resolve("out-final.log"), withSteps(args, end))) {
      assertThat(daemon.awaitExit(Duration.ofMinutes(2))).as(daemon.output()).isZero();
    }
    List<String> lines = Files.readAllLines(run.resolve("probes.csv"));
    assertThat(lines.get(0)).isEqualTo(ProbeRow.HEADER);
    long previous = 0;
    for (String line : lines.subList(1, lines.size())) {
      assertThat(line.split(",")).as(line).hasSize(10);
      long step = Long.parseLong(line.substring(0, line.indexOf(',')));
      assertThat(step).as("steps strictly increase: " + lines).isGreaterThan(previous);
      previous = step;
    }
    assertThat(previous).as("the final run probed past the last kill").isBetween(newestBeforeKill + 1, end);
  }

  private static long newest(CheckpointStore store) {
    try {
      List<Path> files = store.files();
      return files.isEmpty() ? 0 : CheckpointStore.read(files.get(0)).step();
    } catch (Exception e) {
      return 0; // being written or pruned right now: ask again
    }
  }

  private static List<String> withSteps(List<String> args, long steps) {
    List<String> out = new ArrayList<>(args);
    out.addAll(List.of("--steps", Long.toString(steps)));
    return out;
  }
}
