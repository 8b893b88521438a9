package dev.idtrain.cli;

import dev.idtrain.config.ConfigException;
import dev.idtrain.sweep.PointRun;
import dev.idtrain.sweep.SlurmScript;
import dev.idtrain.sweep.Sweep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code idtrain sweep}: a grid of runs, on this machine ({@code --workers} at a time), one point
 * of it ({@code --index}, or {@code JOB_COMPLETION_INDEX} in a Kubernetes Indexed Job,
 * {@code SLURM_ARRAY_TASK_ID} in a Slurm job array), its list, its Kubernetes manifests or its
 * Slurm batch script. Exit codes ({@link ExitCode}): OK when every run finished (or a
 * stop was asked), REFUSED for a grid or run refused, or an overview port that cannot be opened,
 * before anything is written; FAILED when a run failed or did not finish.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run a grid of experiments (a grid file, or 'paper'), each as an ordinary run.")
final class SweepCommand implements Callable<Integer> {
  @Option(names = "--grid", required = true, paramLabel = "FILE|paper",
      description = "Grid file, or 'paper' for the paper's Tab. 2 and Tab. 3 rows.")
  String grid;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one key in every run (under the grid's points and axes); repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--steps", paramLabel = "N", description = "Step budget of every run (default: the grid's).")
  Long steps;

  @Option(names = "--only", paramLabel = "LABEL",
      description = "Run (or list) only the runs whose point label matches this glob (e.g."
          + " 'sup-*'), with the run ids and directories they have in the whole grid; repeatable.")
  List<String> only = new ArrayList<>();

  @Option(names = "--workers", paramLabel = "W",
      description = "Runs at a time (default: one per core); with --kubernetes, the Job's"
          + " parallelism; with --slurm, the array's (default: every run).")
  Integer workers;

  @Option(names = "--out", paramLabel = "DIR", description = "Sweep directory (default: sweeps/<name>).")
  Path out;

  @Option(names = "--list", description = "Print the runs (index, run id, settings) and exit.")
  boolean list;

  @Option(names = "--index", paramLabel = "I",
      description = "Run only run I, in the foreground, as 'run' would (default:"
          + " $JOB_COMPLETION_INDEX, else $SLURM_ARRAY_TASK_ID).")
  Integer index;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address of the sweep's overview page (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", paramLabel = "P", defaultValue = "0",
      description = "Port of the sweep's overview page (default: 0, any free port).")
  int port;

  @Option(names = "--kubernetes", description = "Print the Kubernetes manifests of this sweep and exit.")
  boolean kubernetes;

  @Option(names = "--slurm", description = "Print a Slurm batch script (a job array, one task per"
      + " run; --workers at a time) for sbatch, and exit.")
  boolean slurm;

  @Option(names = "--partition", paramLabel = "NAME", description = "With --slurm: the partition.")
  String partition;

  @Option(names = "--time", paramLabel = "LIMIT", description = "With --slurm: each task's time"
      + " limit, as sbatch takes it (e.g. 4:00:00); the run is asked to stop 2 minutes before.")
  String time;

  @Option(names = "--account", paramLabel = "NAME", description = "With --slurm: the account to charge.")
  String account;

  @Override
  public Integer call() throws Exception {
    if (!slurm) {
      for (String[] option : new String[][] {{"--partition", partition}, {"--time", time}, {"--account", account}}) {
        if (option[1] != null) {
          throw new ConfigException(option[0] + ": allowed only with --slurm");
        }
      }
    }
    if (!only.isEmpty() && (kubernetes || slurm || Sweep.indexGiven(index, System::getenv))) {
      throw new ConfigException("--only: allowed only for a sweep on this machine or --list");
    }
    Sweep sweep = Sweep.load(grid, overrides, steps, out).only(only);
    if (list) {
      sweep.list(System.out);
      return ExitCode.OK.code;
    }
    if (kubernetes) {
      System.out.print(sweep.kubernetes(workers));
      return ExitCode.OK.code;
    }
    if (slurm) {
      System.out.print(sweep.slurm(workers, new SlurmScript(partition, time, account)));
      return ExitCode.OK.code;
    }
    if (Sweep.indexGiven(index, System::getenv)) {
      return runIndexed(sweep.name(), sweep.indexed(index, System::getenv));
    }
    boolean complete = sweep.runAll(workers, bind, port, System.out, stop -> {
      Signal.handle(new Signal("TERM"), signal -> stop.run());
      Signal.handle(new Signal("INT"), signal -> stop.run());
    });
    return (complete ? ExitCode.OK : ExitCode.FAILED).code;
  }

  /**
   * One point in the foreground, as {@code run} would; a run finished before is left as it is,
   * one that failed before is not retried.
   */
  private static int runIndexed(String name, PointRun point) throws IOException {
    String run = "sweep " + name + ": run " + point.point().index() + " " + point.point().runId();
    switch (point.status()) {
      case FINISHED -> {
        System.out.printf("%s finished before, in %s%n", run, point.dir());
        return ExitCode.OK.code;
      }
      case FAILED -> {
        System.out.printf("%s failed before (see %s/summary.json); delete the directory to run it"
            + " again%n", run, point.dir());
        return ExitCode.FAILED.code;
      }
      default -> {
        return Main.execute(new PrintWriter(System.err, true), point.prepare().toArray(String[]::new));
      }
    }
  }
}
