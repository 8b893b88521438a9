package dev.idtrain.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Slurm of this one machine, started and stopped by {@code deploy/slurm/single-node.sh}
 * (Debian packages {@code slurmctld}, {@code slurmd}, {@code slurm-client}, {@code munge}, which
 * CI installs; root, or sudo without a password), and its client commands.
 */
final class SlurmCluster implements AutoCloseable {
  private final Path dir;
  private final Path conf;

  private SlurmCluster(Path dir) {
    this.dir = dir;
    this.conf = dir.resolve("slurm.conf");
  }

  static SlurmCluster start(Path dir) throws IOException, InterruptedException {
    for (String[] tool : new String[][] {{"slurmctld", "slurmctld"}, {"slurmd", "slurmd"},
        {"slurm-client", "sbatch"}, {"munge", "munged"}}) {
      DebianPackage.executable(tool[0], tool[1]);
    }
    SlurmCluster cluster = new SlurmCluster(dir);
    Result started = run(List.of(script().toString(), "start", dir.toString()), Map.of(), 60);
    if (started.code() != 0) {
      cluster.close();
      throw new AssertionError("single-node Slurm did not start:\n" + started.output());
    }
    return cluster;
  }

  /** Exit code and output of a command. */
  record Result(int code, String output) {}

  /** {@code sbatch --parsable FILE}: the job's id. */
  String submit(Path script) throws IOException, InterruptedException {
    Result submitted = client("sbatch", "--parsable", script.toString());
    if (submitted.code() != 0) {
      throw new AssertionError("sbatch failed: " + submitted.output());
    }
    return submitted.output().strip().split(";")[0];
  }

  /** The job's array tasks that are still pending or running, by task index, with their state. */
  Map<Integer, String> queued(String job) throws IOException, InterruptedException {
    Map<Integer, String> tasks = new LinkedHashMap<>();
    for (String line : client("squeue", "-h", "-r", "-j", job, "-o", "%K %T").output().lines().toList()) {
      String[] cells = line.strip().split(" ");
      if (cells.length == 2 && cells[0].matches("\\d+")) {
        tasks.put(Integer.parseInt(cells[0]), cells[1]);
      }
    }
    return tasks;
  }

  /** Every task's final state as Slurm records it ({@code scontrol show job}): index to state. */
  Map<Integer, String> states(String job) throws IOException, InterruptedException {
    Map<Integer, String> states = new LinkedHashMap<>();
    for (String line : client("scontrol", "show", "job", "-o", job).output().lines().toList()) {
      String task = field(line, "ArrayTaskId");
      if (task != null && task.matches("\\d+")) {
        states.put(Integer.parseInt(task), field(line, "JobState"));
      }
    }
    return states;
  }

  Result client(String... command) throws IOException, InterruptedException {
    return run(List.of(command), Map.of("SLURM_CONF", conf.toString()), 60);
  }

  String logs() {
    try {
      return run(List.of("tail", "-n", "30", dir.resolve("slurmctld.log").toString(),
          dir.resolve("slurmd.log").toString()), Map.of(), 10).output();
    } catch (IOException | InterruptedException e) {
      return "no logs: " + e;
    }
  }

  /** Cancels what still runs and stops the daemons it started, by their pid files. */
  @Override
  public void close() throws IOException, InterruptedException {
    Result stopped = run(List.of(script().toString(), "stop", dir.toString()), Map.of(), 120);
    if (stopped.code() != 0) {
      throw new AssertionError("single-node Slurm did not stop:\n" + stopped.output());
    }
  }

  private static Path script() {
    return DeployFiles.deployDir().resolve("slurm/single-node.sh");
  }

  private static String field(String line, String name) {
    for (String cell : line.split(" ")) {
      if (cell.startsWith(name + "=")) {
        return cell.substring(name.length() + 1);
      }
    }
    return null;
  }

  private static Result run(List<String> command, Map<String, String> env, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
    }
    return new Result(process.exitValue(), output);
  }
}
