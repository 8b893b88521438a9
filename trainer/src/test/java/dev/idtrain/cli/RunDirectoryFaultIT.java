package dev.idtrain.cli;

import static dev.idtrain.cli.RunDirectoryFaults.lastProbeStep;
import static dev.idtrain.cli.RunDirectoryFaults.newestCheckpoint;
import static dev.idtrain.cli.RunDirectoryFaults.temporaryFiles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.run.DirectoryLock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a run directory meets, on real daemons: a second process on it, a disk that fills up and
 * frees again, a read-only filesystem, SIGKILL during its writes, SIGTERM during a checkpoint.
 * After each: no work lost beyond what the fault must cost, probes.csv whole with each step
 * once, no temporary file left, the documented exit code and message.
 */
class RunDirectoryFaultIT {
  private static final Duration START = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  void aSecondProcessIsRefusedWhileTheFirstRunsAndAKilledHolderLeavesNoStaleLock() throws Exception {
    Path run = dir.resolve("run");
    List<String> args = args(run, "checkpoint.everySteps=5");
    try (Daemon first = Daemon.start(dir.resolve("first.log"), args)) {
      first.awaitWhileRunning(START, () -> lines(run.resolve("probes.csv")) >= 3);
      String lock = Files.readString(run.resolve(DirectoryLock.FILE));
      for (int attempt = 0; attempt < 3; attempt++) {
        try (Daemon second = Daemon.start(dir.resolve("second-" + attempt + ".log"), args)) {
          assertThat(second.awaitExit(START)).as(second.output()).isEqualTo(ExitCode.REFUSED.code);
          assertThat(second.said())
              .isEqualTo("idtrain: run directory " + run + " is in use by pid " + first.process().pid()
                  + " on host " + lock.lines().filter(l -> l.startsWith("host=")).findFirst().orElseThrow().substring(5)
                  + " since " + lock.lines().filter(l -> l.startsWith("started=")).findFirst().orElseThrow().substring(8)
                  + "; stop that process or choose another --run-dir");
        }
        assertThat(Files.readString(run.resolve(DirectoryLock.FILE))).isEqualTo(lock);
      }
      assertThat(first.process().isAlive()).isTrue();
      first.process().destroyForcibly(); // SIGKILL: the kernel releases the lock
      first.process().waitFor();
    }
    long newest = newestCheckpoint(run);
    try (Daemon third = Daemon.start(dir.resolve("third.log"), withSteps(args, newest + 10))) {
      assertThat(third.awaitExit(START)).as(third.output()).isZero();
      assertThat(third.startedAtStep()).isEqualTo(newest);
      assertThat(Files.readString(run.resolve(DirectoryLock.FILE)))
          .contains("pid=" + third.process().pid());
    }
    assertThat(lastProbeStep(run)).isEqualTo(newest + 10);
    assertThat(temporaryFiles(run)).isEmpty();
  }

  @Test
  void aFullDiskCostsCheckpointsNotTrainingAndRecoversWithoutATornOrDoubledLine() throws Exception {
    try (Tmpfs fs = Tmpfs.mount(dir.resolve("fs"), "8m")) {
      Path run = fs.path().resolve("run");
      Path filler = fs.path().resolve("filler");
      List<String> args = new ArrayList<>(args(run, "checkpoint.everySteps=10", "checkpoint.keep=1"));
      args.addAll(List.of("--set", "telemetry.enabled=true", "--set", "telemetry.port=0"));
      long beforeFull;
      try (Daemon daemon = Daemon.start(dir.resolve("full.log"), args)) {
        daemon.awaitWhileRunning(START, () -> newest(run) >= 10);
        String metrics = metricsUrl(daemon);
        fs.fill(filler);
        beforeFull = newestCheckpoint(run);
        daemon.awaitWhileRunning(START, () -> counter(metrics, "idtrain_checkpoint_failures_total", "no_space") >= 2
            && counter(metrics, "idtrain_probe_log_failures_total", "no_space") >= 2);
        assertThat(daemon.output()).containsPattern("WARN .*checkpoint at step \\d+ not written \\(no_space: ")
            .containsPattern("WARN .*probes.csv not written \\(no_space: ")
            .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(newestCheckpoint(run)).as("the last good checkpoint stays").isEqualTo(beforeFull);
        double stepsWhileFull = counter(metrics, "idtrain_last_step", null);

        Files.delete(filler); // room again: the next attempts succeed
        daemon.awaitWhileRunning(START, () -> newest(run) > stepsWhileFull);
        daemon.awaitWhileRunning(START, () -> probeStep(run) > stepsWhileFull);
        lastProbeStep(run);

        fs.fill(filler); // full again, then stopped: the final checkpoint cannot be written
        double failures = counter(metrics, "idtrain_checkpoint_failures_total", "no_space");
        daemon.awaitWhileRunning(START, () -> counter(metrics, "idtrain_checkpoint_failures_total", "no_space") > failures);
        beforeFull = newestCheckpoint(run);
        daemon.process().destroy(); // SIGTERM
        assertThat(daemon.awaitExit(Duration.ofSeconds(20))).as(daemon.output()).isEqualTo(ExitCode.UNWRITTEN.code);
        System.out.printf("disk full: %s%n", daemon.output().lines()
            .filter(l -> l.startsWith("idtrain: stopped")).findFirst().orElse(""));
        assertThat(daemon.output()).containsPattern("idtrain: stopped at step \\d+ but could not write the final"
            + " checkpoint \\(no_space\\).*; the run resumes from its checkpoint at step " + beforeFull + "\n");
      }
      assertThat(temporaryFiles(run)).as("no temporary file left").isEmpty();
      Files.delete(filler);
      try (Daemon daemon = Daemon.start(dir.resolve("after.log"), withSteps(args, beforeFull + 20))) {
        assertThat(daemon.awaitExit(START)).as(daemon.output()).isZero();
        assertThat(daemon.startedAtStep()).isEqualTo(beforeFull);
      }
      assertThat(lastProbeStep(run)).isEqualTo(beforeFull + 20);
      assertThat(temporaryFiles(run)).isEmpty();
    }
  }

  @Test
  void aReadOnlyRunDirectoryIsRefusedBeforeTrainingWithNothingChanged() throws Exception {
    try (Tmpfs fs = Tmpfs.mount(dir.resolve("fs"), "8m")) {
      Path run = fs.path().resolve("run");
      List<String> args = args(run, "checkpoint.everySteps=5");
      try (Daemon daemon = Daemon.start(dir.resolve("first.log"), withSteps(args, 10))) {
        assertThat(daemon.awaitExit(START)).as(daemon.output()).isZero();
      }
      String probes = Files.readString(run.resolve("probes.csv"));
      fs.readOnly();
      for (Path target : List.of(run, fs.path().resolve("fresh"))) {
        try (Daemon daemon = Daemon.start(dir.resolve("ro.log"), withSteps(args(target), 20))) {
          assertThat(daemon.awaitExit(START)).as(daemon.output()).isEqualTo(ExitCode.REFUSED.code);
          assertThat(daemon.said()).isEqualTo("idtrain: run directory " + target
              + " is not writable (Read-only file system)");
        }
      }
      assertThat(Files.readString(run.resolve("probes.csv"))).isEqualTo(probes);
      assertThat(newestCheckpoint(run)).isEqualTo(10);
    }
  }

  /**
   * SIGKILL at random moments of a run that writes all the time: a checkpoint every other step,
   * a probes.csv line every step, and, every third round, SIGTERM shortly before the kill so
   * that it lands in the stop-time checkpoint or summary.json.
   */
  @Test
  void sigkillDuringWritesLosesNothingOlderThanTheNewestCheckpoint() throws Exception {
    Path run = dir.resolve("run");
    List<String> args = args(run, "checkpoint.everySteps=2", "probe.every=1");
    Random random = new Random(20261123);
    long newestBefore = 0;
    int killsMidWrite = 0;
    long mostLost = 0;
    for (int kill = 0; kill < 9; kill++) {
      try (Daemon daemon = Daemon.start(dir.resolve("kill-" + kill + ".log"), args)) {
        daemon.awaitWhileRunning(START, () -> daemon.startedAtStep() >= 0);
        assertThat(daemon.startedAtStep()).as("resumed at kill %d", kill).isEqualTo(newestBefore);
        long target = newestBefore + 4 + random.nextInt(8);
        daemon.awaitWhileRunning(START, () -> newest(run) >= target);
        if (kill % 3 == 2) {
          daemon.process().destroy(); // SIGTERM, then SIGKILL while it stops
        }
        Thread.sleep(random.nextInt(kill % 3 == 2 ? 150 : 400));
        daemon.process().destroyForcibly();
        daemon.process().waitFor();
      }
      killsMidWrite += temporaryFiles(run).isEmpty() ? 0 : 1;
      long newest = newestCheckpoint(run);
      assertThat(newest).isGreaterThanOrEqualTo(newestBefore);
      // probes.csv has a line per step (probe.every=1): the steps past the checkpoint are lost.
      long lost = Math.max(0, lastProbeStep(run) - newest);
      assertThat(lost).as("lost at kill %d", kill).isLessThanOrEqualTo(2 + 1);
      mostLost = Math.max(mostLost, lost);
      newestBefore = newest;
    }
    try (Daemon daemon = Daemon.start(dir.resolve("final.log"), withSteps(args, newestBefore + 5))) {
      assertThat(daemon.awaitExit(START)).as(daemon.output()).isZero();
    }
    // The last step's probe may be dropped when the one before it is still running.
    assertThat(lastProbeStep(run)).isBetween(newestBefore + 1, newestBefore + 5);
    assertThat(temporaryFiles(run)).isEmpty();
    System.out.printf("sigkill: 9 kills, %d left a write half done, at most %d steps lost%n",
        killsMidWrite, mostLost);
  }

  @Test
  void sigtermDuringACheckpointExitsZeroWithTheFinalStepSaved() throws Exception {
    Path run = dir.resolve("run");
    List<String> args = args(run, "checkpoint.everySteps=1");
    for (int round = 0; round < 3; round++) {
      long from = Math.max(newestCheckpoint(run), 0);
      try (Daemon daemon = Daemon.start(dir.resolve("term-" + round + ".log"), args)) {
        daemon.awaitWhileRunning(START, () -> newest(run) >= from + 5);
        daemon.process().destroy(); // SIGTERM, most likely mid-checkpoint: one is written every step
        assertThat(daemon.awaitExit(Duration.ofSeconds(10))).as(daemon.output()).isZero();
      }
      long steps = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(run.resolve("summary.json").toFile()).get("steps").asLong();
      assertThat(newestCheckpoint(run)).isEqualTo(steps);
      assertThat(temporaryFiles(run)).isEmpty();
      lastProbeStep(run);
    }
  }

  private static List<String> args(Path run, String... settings) {
    List<String> args = new ArrayList<>(List.of("run", "--run-dir", run.toString(),
        "--set", "telemetry.enabled=false"));
    args.addAll(Daemon.SMALL);
    for (String setting : settings) {
      args.addAll(List.of("--set", setting));
    }
    return args;
  }

  private static List<String> withSteps(List<String> args, long steps) {
    List<String> out = new ArrayList<>(args);
    out.addAll(List.of("--steps", Long.toString(steps)));
    return out;
  }

  private static long newest(Path run) {
    try {
      return newestCheckpoint(run);
    } catch (Exception e) {
      return -1; // being written or pruned right now: ask again
    }
  }

  private static long probeStep(Path run) {
    try {
      return lastProbeStep(run);
    } catch (Exception | AssertionError e) {
      return -1;
    }
  }

  private static long lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static String metricsUrl(Daemon daemon) throws Exception {
    daemon.awaitWhileRunning(START, () -> output(daemon).contains("metrics: "));
    Matcher m = Pattern.compile("metrics: (\\S+)").matcher(daemon.output());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String output(Daemon daemon) {
    try {
      return daemon.output();
    } catch (IOException e) {
      return "";
    }
  }

  /** A series' value from the daemon's endpoint; {@code reason} selects the label, when given. */
  private static double counter(String url, String name, String reason) {
    try {
      String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return text.lines().filter(l -> l.startsWith(name + "{"))
          .filter(l -> reason == null || l.contains("reason=\"" + reason + "\""))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .findFirst().orElse(Double.NaN);
    } catch (IOException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }
}
