package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on a real Slurm ({@link SlurmCluster}: this machine, 2 CPUs), through the batch script
 * {@code idtrain sweep --slurm} prints: a 4-run grid submitted as a job array, 2 tasks at a time,
 * completes with 4 whole run directories; a task cancelled mid-run ({@code scancel}) stops
 * gracefully (checkpoint, summary.json, nothing torn, no step lost); submitting the same script
 * again finishes the grid without touching the finished runs.
 */
class SlurmIT {
  private static final Duration DEADLINE = Duration.ofMinutes(4);
  private static final Pattern RESUMED = Pattern.compile("resuming at step (\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long STEPS = 600;

  private static final String GRID = """
      name: slurm
      steps: %d
      seeds: 4
      base:
        dgp: {conditionPool: 200}
        train: {batchSize: 256}
        probe: {samples: 1024, every: 50}
        checkpoint: {everySteps: 50}
        telemetry: {lingerSeconds: 0}
      """.formatted(STEPS);

  @TempDir Path dir;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void aJobArrayRunsTheGridACancelledTaskStopsGracefullyAndAResubmissionFinishesIt()
      throws Exception {
    Path grid = Files.writeString(dir.resolve("grid.yaml"), GRID);
    Path out = dir.resolve("sweep");
    Path script = dir.resolve("sweep.sh");
    Files.writeString(script, idtrain("sweep", "--grid", grid.toString(), "--out", out.toString(),
        "--slurm", "--workers", "2"));
    assertThat(Files.readString(script)).contains("#SBATCH --array=0-3%2", "#SBATCH --requeue",
        "#SBATCH --cpus-per-task=1", "#SBATCH --signal=B:TERM@120");

    try (SlurmCluster slurm = SlurmCluster.start(dir.resolve("slurm"))) {
      long start = System.nanoTime();
      String job = slurm.submit(script);
      // Task 1 cancelled once it has trained a while: a checkpoint on disk, steps to go.
      Path cancelled = await("task 1 to train past its first checkpoint", slurm, () -> runDirs(out).stream()
          .filter(d -> d.getFileName().toString().contains("-s1-"))
          .filter(d -> step(d) >= 100 && step(d) <= STEPS - 300).findFirst());
      Map<Integer, String> running = slurm.queued(job);
      assertThat(running).as("2 CPUs: two tasks at a time").containsValue("RUNNING")
          .satisfies(m -> assertThat(m.values().stream().filter("RUNNING"::equals)).hasSizeLessThanOrEqualTo(2));
      assertThat(slurm.client("scancel", job + "_1").code()).isZero();
      await("the job array to end", slurm, () -> queued(slurm, job).isEmpty() ? Optional.of(true) : Optional.empty());
      log("first submission ended after %.1f s: %s", (System.nanoTime() - start) / 1e9, slurm.states(job));

      assertThat(slurm.states(job)).containsEntry(1, "CANCELLED")
          .containsEntry(0, "COMPLETED").containsEntry(2, "COMPLETED").containsEntry(3, "COMPLETED");
      JsonNode summary = JSON.readTree(cancelled.resolve("summary.json").toFile());
      long stoppedAt = summary.path("steps").asLong();
      assertThat(summary.path("state").asText()).isEqualTo("stopped");
      assertThat(stoppedAt).isLessThan(STEPS);
      assertThat(summary.path("checkpoint_step").asLong()).as("steps lost to the cancel: none")
          .isEqualTo(stoppedAt);
      assertWhole(cancelled);
      List<Path> finished = runDirs(out).stream().filter(d -> !d.equals(cancelled)).toList();
      assertThat(finished).hasSize(3).allSatisfy(d -> assertFinished(d));
      Map<Path, String> before = files(finished);

      String again = slurm.submit(script);
      await("the second job array to end", slurm, () -> queued(slurm, again).isEmpty() ? Optional.of(true) : Optional.empty());
      log("grid finished %.1f s after the first submission: %s", (System.nanoTime() - start) / 1e9,
          slurm.states(again));
      assertThat(slurm.states(again).values()).containsOnly("COMPLETED");
      assertThat(runDirs(out)).hasSize(4).allSatisfy(d -> assertFinished(d));
      assertThat(files(finished)).as("finished runs untouched by the resubmission").isEqualTo(before);
      Matcher resumed = RESUMED.matcher(Files.readString(out.resolve("logs")
          .resolve("slurm-" + again + "_1.out")));
      assertThat(resumed.find()).as("task 1 resumed").isTrue();
      assertThat(Long.parseLong(resumed.group(1))).isEqualTo(stoppedAt);
    }
  }

  /** Runs {@code idtrain args...} as a process with this JVM's classpath; its standard output. */
  private String idtrain(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
        "-cp", System.getProperty("java.class.path"), "dev.idtrain.cli.Main"));
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command).redirectError(dir.resolve("idtrain.err").toFile()).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(Files.readString(dir.resolve("idtrain.err"))).isZero();
    return output;
  }

  private static Map<Integer, String> queued(SlurmCluster slurm, String job) {
    try {
      return slurm.queued(job);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static <T> T await(String what, SlurmCluster slurm, java.util.function.Supplier<Optional<T>> probe)
      throws InterruptedException {
    return Await.until(what, DEADLINE, Duration.ofMillis(200), probe, slurm::logs);
  }

  /** The step a run's status.json says it reached; 0 before it says. */
  private static long step(Path run) {
    try {
      return JSON.readTree(run.resolve("status.json").toFile()).path("step").asLong();
    } catch (Exception e) {
      return 0;
    }
  }

  private static void assertFinished(Path run) {
    try {
      JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
      assertThat(summary.path("state").asText()).as(run.toString()).isEqualTo("stopped");
      assertThat(summary.path("steps").asLong()).as(run.toString()).isEqualTo(STEPS);
      assertThat(summary.at("/provenance/precision").asText()).isIn("fp32", "bf16");
      List<String> probes = Files.readAllLines(run.resolve("probes.csv"));
      assertThat(probes.get(probes.size() - 1)).startsWith(STEPS + ",");
      assertWhole(run);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** No temporary file of a write left half done, one probe per step, every line whole. */
  private static void assertWhole(Path run) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(run)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".") && name.endsWith(".tmp"));
    }
    List<String> probes = Files.readAllLines(run.resolve("probes.csv"));
    int columns = probes.get(0).split(",").length;
    assertThat(probes).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(columns));
    assertThat(probes.stream().skip(1).map(l -> l.substring(0, l.indexOf(',')))).doesNotHaveDuplicates();
  }

  private static List<Path> runDirs(Path out) {
    try (Stream<Path> list = Files.list(out)) {
      return list.filter(d -> Files.exists(d.resolve("config.yaml"))).sorted().toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  /** Every file of the given runs with its modification time and content digest. */
  private static Map<Path, String> files(List<Path> runs) throws java.io.IOException {
    Map<Path, String> files = new TreeMap<>();
    for (Path run : runs) {
      try (Stream<Path> walk = Files.walk(run)) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          files.put(f, Files.getLastModifiedTime(f) + " " + Arrays.hashCode(Files.readAllBytes(f)));
        }
      }
    }
    return files;
  }

  private static void log(String format, Object... args) {
    System.out.println("[slurm] " + String.format(Locale.ROOT, format, args));
  }
}
