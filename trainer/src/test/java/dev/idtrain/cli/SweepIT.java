package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.stats.Median;
import dev.idtrain.sweep.RunStatus;
import dev.idtrain.sweep.Sweep;
import dev.idtrain.sweep.SweepPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code idtrain sweep} as a user runs it: real processes, the real engine, real signals. */
class SweepIT {
  private static final Duration DEADLINE = Duration.ofMinutes(4);
  private static final Pattern RESUMED = Pattern.compile("resuming at step (\\d+)");
  private static final Pattern ETA = Pattern.compile("ETA (?:(\\d+)m)?(\\d+)s$");

  /** Small, quick runs: small batches and probes, a checkpoint and a probe every 25 steps. */
  private static final String BASE = """
      base:
        dgp: {conditionPool: 200}
        train: {batchSize: 256}
        probe: {samples: 1024, every: 25}
        checkpoint: {everySteps: 25}
        telemetry: {lingerSeconds: 0}
      """;

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @Test
  void twoPointsTwoSeedsFinishAndAKilledSweepResumesWithoutRedoingFinishedRuns() throws Exception {
    Path grid = grid("name: resume\nsteps: 300\nseeds: 2\naxes: {dgp.dim: [5, 6]}\n" + BASE);
    Path out = dir.resolve("out");
    List<SweepPoint> points = Sweep.load(grid.toString(), List.of(), null, out).points();
    assertThat(points).hasSize(4);

    Process first = sweep("first.log", Map.of(), "--grid", grid.toString(), "--out", out.toString(), "--workers", "2");
    // A machine going down: the sweep and its runs SIGKILLed at once, with one run finished and
    // another part-way through (a checkpoint past step 0, and far enough from its last step that
    // it cannot finish between this check and the kill on a slow machine).
    await(first, "first.log", () -> count(points, out, RunStatus.FINISHED) >= 1
        && points.stream().anyMatch(p -> RunStatus.of(out.resolve(p.runId()), p.steps()) == RunStatus.TO_RUN
            && newestCheckpoint(out.resolve(p.runId())) > 0
            && newestCheckpoint(out.resolve(p.runId())) <= p.steps() / 2));
    first.descendants().forEach(ProcessHandle::destroyForcibly);
    first.destroyForcibly().waitFor();
    List<SweepPoint> finished = points.stream()
        .filter(p -> RunStatus.of(out.resolve(p.runId()), p.steps()) == RunStatus.FINISHED).toList();
    List<SweepPoint> interrupted = points.stream()
        .filter(p -> !finished.contains(p) && newestCheckpoint(out.resolve(p.runId())) > 0).toList();
    assertThat(interrupted).as("runs part-way through at the kill").isNotEmpty();
    Map<Path, String> before = files(out, finished);

    Process second = sweep("second.log", Map.of(), "--grid", grid.toString(), "--out", out.toString(), "--workers", "2");
    assertThat(exit(second, "second.log")).as(log("second.log")).isZero();
    assertThat(log("second.log")).contains("4 of 4 runs finished, 0 failed")
        .contains(finished.size() + " finished before (skipped)");
    for (SweepPoint p : points) {
      Path run = out.resolve(p.runId());
      assertThat(RunStatus.of(run, p.steps())).as(p.runId()).isEqualTo(RunStatus.FINISHED);
      List<String> probes = Files.readAllLines(run.resolve("probes.csv"));
      assertThat(probes.get(probes.size() - 1)).as("last probe of " + p.runId()).startsWith("300,");
      List<String> steps = probes.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
      // Probes are scored off the training thread: a kill right after a checkpoint may come
      // before that step's probe was written, and the resumed run goes on from the next step.
      assertThat(steps).as("one probe per 25 steps, none twice").doesNotHaveDuplicates()
          .hasSizeBetween(interrupted.contains(p) ? 11 : 12, 12);
    }
    assertThat(files(out, finished)).as("finished runs untouched by the restart").isEqualTo(before);
    for (SweepPoint p : interrupted) {
      Matcher resumed = RESUMED.matcher(Files.readString(out.resolve("logs").resolve(p.runId() + ".log")));
      assertThat(resumed.find()).as(p.runId() + " resumed").isTrue();
      assertThat(Long.parseLong(resumed.group(1))).isPositive();
    }
  }

  @Test
  void aDivergingPointFailsAloneAndIsNotRetried() throws Exception {
    Path grid = grid("""
        name: diverge
        steps: 60
        points:
          - {label: healthy}
          - {label: diverging, train.learningRate: 1e6, train.maxBadSteps: 2, train.maxRollbacks: 0}
        """ + BASE);
    Path out = dir.resolve("out");
    List<SweepPoint> points = Sweep.load(grid.toString(), List.of(), null, out).points();
    Process sweep = sweep("first.log", Map.of(), "--grid", grid.toString(), "--out", out.toString(), "--workers", "2");
    assertThat(exit(sweep, "first.log")).as(log("first.log")).isEqualTo(ExitCode.FAILED.code);
    assertThat(RunStatus.of(out.resolve(points.get(0).runId()), 60)).isEqualTo(RunStatus.FINISHED);
    Path failed = out.resolve(points.get(1).runId());
    assertThat(RunStatus.of(failed, 60)).isEqualTo(RunStatus.FAILED);
    assertThat(log("first.log")).contains("run 1 " + points.get(1).runId() + ": failed (exit code 3, diverged")
        .contains("1 of 2 runs finished, 1 failed");
    String summary = Files.readString(failed.resolve("summary.json"));

    Process again = sweep("again.log", Map.of(), "--grid", grid.toString(), "--out", out.toString());
    assertThat(exit(again, "again.log")).isEqualTo(ExitCode.FAILED.code);
    assertThat(log("again.log")).contains("1 finished before (skipped), 1 failed before");
    assertThat(Files.readString(failed.resolve("summary.json"))).isEqualTo(summary);
  }

  @Test
  void indexAndTheJobCompletionIndexRunExactlyThatPoint() throws Exception {
    Path grid = grid("name: indexed\nsteps: 20\nseeds: 3\n" + BASE);
    Path out = dir.resolve("out");
    List<SweepPoint> points = Sweep.load(grid.toString(), List.of(), null, out).points();

    Process byOption = sweep("option.log", Map.of(), "--grid", grid.toString(), "--out", out.toString(), "--index", "1");
    assertThat(exit(byOption, "option.log")).as(log("option.log")).isZero();
    assertThat(log("option.log")).contains("run " + points.get(1).runId() + " on ");
    assertThat(runDirs(out)).containsExactly(points.get(1).runId());

    Process byEnv = sweep("env.log", Map.of(Sweep.INDEX_ENV, "2"), "--grid", grid.toString(), "--out", out.toString());
    assertThat(exit(byEnv, "env.log")).as(log("env.log")).isZero();
    assertThat(runDirs(out)).containsExactlyInAnyOrder(points.get(1).runId(), points.get(2).runId());
    Path run = out.resolve(points.get(2).runId());
    assertThat(RunStatus.of(run, 20)).isEqualTo(RunStatus.FINISHED);
    assertThat(Files.readString(run.resolve("config.yaml"))).contains("seed: 2").contains("sweep: \"indexed\"");
  }

  @Test
  void sigtermStopsEveryRunGracefully() throws Exception {
    Path grid = grid("name: stop\nsteps: 100000\nseeds: 2\n" + BASE);
    Path out = dir.resolve("out");
    List<SweepPoint> points = Sweep.load(grid.toString(), List.of(), null, out).points();
    Process sweep = sweep("sweep.log", Map.of(), "--grid", grid.toString(), "--out", out.toString(), "--workers", "2");
    await(sweep, "sweep.log", () -> points.stream().allMatch(p -> newestCheckpoint(out.resolve(p.runId())) > 0));
    sweep.destroy(); // SIGTERM
    assertThat(exit(sweep, "sweep.log")).as(log("sweep.log")).isZero();
    ObjectMapper json = new ObjectMapper();
    for (SweepPoint p : points) {
      JsonNode summary = json.readTree(out.resolve(p.runId()).resolve("summary.json").toFile());
      assertThat(summary.path("state").asText()).isEqualTo("stopped");
      assertThat(summary.path("steps").asLong()).isBetween(25L, 99_999L);
    }
    assertThat(log("sweep.log")).contains("stopped; it resumes when the sweep is run again");
  }

  /**
   * Slow runs (d = 10) and fast ones (d = 5) in turn, two seeds each, their budgets chosen so
   * that the longest-first order alternates them, after a short sweep that warms the machine up
   * (the first runs of a test went slower than the rest): the ETA follows the running run's own
   * speed and expects each queued run to go as fast as its point's seed measured before, so it
   * is within 20% of the time the sweep really still takes: the median of its lines is, and each
   * line within a factor of 2 (on a shared machine a run's speed can swing by more than a fifth
   * within seconds; the summed-rate ETA this replaced said a quarter of the time left). Checked
   * on every line from 10 s after both kinds of run were measured (a run's speed is measured
   * over its last 10 s) to 10 s before the sweep's end (where a second's jitter in starting and
   * stopping processes is a tenth of what is left). One worker: two runs at once on this
   * machine's two vCPUs slow each other down, and one left alone speeds up, which no ETA knows
   * beforehand.
   */
  @Test
  void theEtaIsWithinAFifthOfTheTimeLeft() throws Exception {
    String base = BASE.replace("checkpoint: {everySteps: 25}", "checkpoint: {everySteps: 1000}")
        .replace("every: 25", "every: 100").replace("batchSize: 256", "batchSize: 1024");
    Process warmUp = sweep("warm-up.log", Map.of(), "--grid", grid("name: warm-up\nsteps: 60\n"
        + base.replace("batchSize: 1024", "batchSize: 256")).toString(), "--out", dir.resolve("warm-up").toString());
    assertThat(exit(warmUp, "warm-up.log")).as(log("warm-up.log")).isZero();
    // Costs (steps × GFLOP per step, a d = 10 step 4.0 times a d = 5 one) fall in this order.
    Path grid = grid("""
        name: eta
        points:
          - {label: slow, dgp.dim: 10, steps: 140}
          - {label: fast, steps: 540}
          - {label: slow, dgp.dim: 10, steps: 130, run.seed: 1}
          - {label: fast, steps: 500, run.seed: 1}
        """ + base);
    Path out = dir.resolve("out");
    Process sweep = sweep("sweep.log", Map.of(), "--grid", grid.toString(), "--out", out.toString(),
        "--workers", "1");
    Map<String, Long> seen = new java.util.LinkedHashMap<>();
    while (sweep.isAlive()) {
      for (String line : log("sweep.log").lines().toList()) {
        seen.putIfAbsent(line, System.nanoTime());
      }
      Thread.sleep(100);
    }
    long end = System.nanoTime();
    assertThat(sweep.exitValue()).as(log("sweep.log")).isZero();
    assertThat(seen.keySet().stream().filter(l -> l.matches("run \\d .*: started.*")))
        .as("the runs in longest-first order").extracting(l -> l.substring(0, 5))
        .containsExactly("run 0", "run 1", "run 2", "run 3");
    long secondStarted = seen.entrySet().stream().filter(e -> e.getKey().startsWith("run 1 "))
        .mapToLong(Map.Entry::getValue).min().orElseThrow();
    List<double[]> checked = new ArrayList<>();
    seen.forEach((line, at) -> {
      Matcher eta = ETA.matcher(line);
      double left = (end - at) / 1e9;
      if (eta.find() && left >= 10 && (at - secondStarted) / 1e9 >= 10) {
        double said = Integer.parseInt(eta.group(1) == null ? "0" : eta.group(1)) * 60
            + Integer.parseInt(eta.group(2));
        checked.add(new double[] {said, left});
      }
    });
    String lines = checked.stream().map(c -> String.format(java.util.Locale.ROOT, "%.0f s with %.1f s left", c[0], c[1]))
        .collect(java.util.stream.Collectors.joining("; "));
    System.out.println("[eta] " + lines);
    String said = lines + "\n" + log("sweep.log");
    assertThat(checked).as(said).hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(c -> assertThat(c[0] / c[1]).as(said).isBetween(0.5, 2.0));
    assertThat(Median.of(checked.stream().mapToDouble(c -> c[0] / c[1]).toArray())).as(said)
        .isBetween(0.8, 1.2);
  }

  @AfterEach
  void killLeftovers() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private Path grid(String yaml) throws IOException {
    return Files.writeString(dir.resolve("grid.yaml"), yaml);
  }

  private Process sweep(String log, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "sweep"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(log).toFile());
    builder.environment().remove(Sweep.INDEX_ENV);
    builder.environment().putAll(env);
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private String log(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private int exit(Process process, String log) throws InterruptedException {
    if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("sweep still running after " + DEADLINE + ":\n" + log(log));
    }
    return process.exitValue();
  }

  private void await(Process process, String log, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive() || System.nanoTime() > end) {
        throw new AssertionError((process.isAlive() ? "timed out" : "sweep exited " + process.exitValue())
            + ":\n" + log(log));
      }
      Thread.sleep(50);
    }
  }

  private static long count(List<SweepPoint> points, Path out, RunStatus status) {
    return points.stream().filter(p -> RunStatus.of(out.resolve(p.runId()), p.steps()) == status).count();
  }

  private static long newestCheckpoint(Path run) {
    try {
      List<Path> files = new CheckpointStore(run.resolve("checkpoints"), 3).files();
      return files.isEmpty() ? 0 : CheckpointStore.read(files.get(0)).step();
    } catch (Exception e) {
      return 0; // not there yet, or being written: ask again
    }
  }

  /** Every file of the given runs with its size, modification time and content digest. */
  private static Map<Path, String> files(Path out, List<SweepPoint> runs) throws IOException {
    Map<Path, String> files = new TreeMap<>();
    for (SweepPoint p : runs) {
      try (Stream<Path> walk = Files.walk(out.resolve(p.runId()))) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          files.put(f, Files.getLastModifiedTime(f) + " " + Arrays.hashCode(Files.readAllBytes(f)));
        }
      }
    }
    return files;
  }

  private static List<String> runDirs(Path out) throws IOException {
    try (Stream<Path> list = Files.list(out)) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("logs") && !n.equals("targets")).sorted().toList();
    }
  }
}
