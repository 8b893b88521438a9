package dev.idtrain.sweep;

import dev.idtrain.config.ConfigException;
import dev.idtrain.probe.PaperReference;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;

/**
 * A grid expanded into its runs, every one validated, ready to be listed, run on this machine
 * ({@link #runAll}), run one point at a time ({@link #runIndex}, the unit a cluster schedules) or
 * turned into Kubernetes manifests.
 */
public final class Sweep {
  /** Environment variable Kubernetes sets to a pod's index in an Indexed Job. */
  public static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
  /** Environment variable Slurm sets to a task's index in a job array. */
  public static final String SLURM_INDEX_ENV = "SLURM_ARRAY_TASK_ID";

  private final String gridRef;
  private final GridFile grid;
  private final List<String> overrides;
  private final Long steps;
  private final Predicate<SweepPoint> selected;
  private final List<SweepPoint> points;
  private final Path dir;

  private Sweep(String gridRef, GridFile grid, List<String> overrides, Long steps, Path dir,
      Predicate<SweepPoint> selected) {
    this.gridRef = gridRef;
    this.grid = grid;
    this.overrides = List.copyOf(overrides);
    this.steps = steps;
    this.selected = selected;
    this.points = Expansion.expand(grid, List.of(), overrides, steps).stream().filter(selected)
        .toList();
    this.dir = dir != null ? dir : Path.of("sweeps", grid.name());
  }

  /**
   * @param gridRef a grid file, or {@code paper}
   * @param overrides {@code --set key=value}, for every run
   * @param steps {@code --steps}, replacing every run's budget, or null
   * @param dir the sweep directory, or null for {@code sweeps/<name>/}
   * @throws ConfigException for a grid or a run that cannot be used; nothing is written
   */
  public static Sweep load(String gridRef, List<String> overrides, Long steps, Path dir) {
    if (steps != null && steps < 1) {
      throw new ConfigException("--steps: " + steps + " is not allowed; allowed: an integer >= 1");
    }
    return new Sweep(gridRef, Grids.load(gridRef), overrides, steps, dir, p -> true);
  }

  /**
   * Only the runs whose point label matches one of {@code labels}, globs as a shell's ({@code
   * sup-*}, {@code diet-{d10,d20}}): a part of a grid, with the run ids, indices and directories it has in the
   * whole grid, so the rest can run later into the same directory.
   *
   * @throws ConfigException for a pattern that matches no run's label, naming the labels there are
   */
  public Sweep only(List<String> labels) {
    if (labels.isEmpty()) {
      return this;
    }
    List<PathMatcher> globs = labels.stream()
        .map(l -> FileSystems.getDefault().getPathMatcher("glob:" + l)).toList();
    for (int i = 0; i < labels.size(); i++) {
      PathMatcher glob = globs.get(i);
      if (points.stream().noneMatch(p -> matches(glob, p))) {
        throw new ConfigException("--only: '" + labels.get(i) + "' matches no run's label;"
            + " allowed: a glob matching one of " + String.join(", ",
            points.stream().map(SweepPoint::label).distinct().toList()));
      }
    }
    return new Sweep(gridRef, grid, overrides, steps, dir,
        selected.and(p -> globs.stream().anyMatch(glob -> matches(glob, p))));
  }

  private static boolean matches(PathMatcher glob, SweepPoint point) {
    return glob.matches(Path.of(point.label()));
  }

  public List<SweepPoint> points() {
    return points;
  }

  public Path dir() {
    return dir;
  }

  /** One line per run: index, run id, label, step budget, the paper's R², what sets it apart. */
  public void list(PrintStream out) {
    int idWidth = points.stream().mapToInt(p -> p.runId().length()).max().orElse(6);
    int labelWidth = Math.max(5, points.stream().mapToInt(p -> p.label().length()).max().orElse(0));
    String row = "%5s  %-" + idWidth + "s  %-" + labelWidth + "s  %7s  %8s  %s%n";
    out.printf(Locale.ROOT, row, "index", "run id", "label", "steps", "paper R²", "settings");
    for (SweepPoint p : points) {
      double paper = PaperReference.r2(p.config());
      out.printf(Locale.ROOT, row, p.index(), p.runId(), p.label(), p.steps(),
          Double.isNaN(paper) ? "-" : String.format(Locale.ROOT, "%.3f", paper), p.describe());
    }
    out.printf(Locale.ROOT, "grid %s: %d runs, %d steps in all%n", grid.name(), points.size(),
        points.stream().mapToLong(SweepPoint::steps).sum());
  }

  /**
   * The point {@code --index} selects, as an ordinary run (its status tells whether it finished
   * or failed before; {@link PointRun#prepare} gives its {@code run} arguments).
   *
   * @param index {@code --index}, or null to read {@link #INDEX_ENV} from {@code env}
   */
  public PointRun indexed(Integer index, Function<String, String> env) {
    return PointRun.in(dir, points.get(index(index, env)));
  }

  public String name() {
    return grid.name();
  }

  /** Whether an index is given, as {@code --index} or by Kubernetes or Slurm. */
  public static boolean indexGiven(Integer index, Function<String, String> env) {
    return index != null || indexEnv(env) != null;
  }

  /** Kubernetes' index variable if set, else Slurm's; null when neither is. */
  private static String indexEnv(Function<String, String> env) {
    return env.apply(INDEX_ENV) != null ? INDEX_ENV
        : env.apply(SLURM_INDEX_ENV) != null ? SLURM_INDEX_ENV : null;
  }

  private int index(Integer given, Function<String, String> env) {
    String allowed = "an integer in [0, " + (points.size() - 1) + "] (the grid has " + points.size() + " runs)";
    if (given == null) {
      String variable = indexEnv(env);
      String text = env.apply(variable);
      try {
        given = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(variable + ": '" + text + "' is not allowed; allowed: " + allowed);
      }
      if (given < 0 || given >= points.size()) {
        throw new ConfigException(variable + ": " + given + " is not allowed; allowed: " + allowed);
      }
    } else if (given < 0 || given >= points.size()) {
      throw new ConfigException("--index: " + given + " is not allowed; allowed: " + allowed);
    }
    return given;
  }

  /**
   * Runs every point on this machine.
   *
   * @param workers runs at a time, or null for as many as the cores allow
   * @param bind the overview page's address
   * @param port the overview page's port, 0 for any free one
   * @param onStop receives the action that stops the sweep (for the signal handlers)
   * @return whether every run finished, or a stop was asked
   */
  public boolean runAll(Integer workers, String bind, int port, PrintStream out,
      Consumer<Runnable> onStop)
      throws IOException, InterruptedException {
    checkWorkers(workers);
    int parallel = workers != null ? workers : WorkerPool.defaultWorkers(points.size());
    List<SweepPoint> sized = points;
    // Kernel threads split between the workers, unless the grid or --set chose them.
    boolean spread = points.stream().allMatch(p -> p.config().train().threads() == 0);
    if (spread) {
      sized = Expansion.expand(grid, List.of("train.threads=" + WorkerPool.kernelThreads(parallel)),
          overrides, steps).stream().filter(selected).toList();
    }
    WorkerPool pool = new WorkerPool(grid.name(), longestFirst(dir, sized), parallel, spread, dir,
        out, 5, bind, port);
    onStop.accept(pool::stop);
    return pool.run();
  }

  /**
   * The runs in the order a pool starts them: the costliest first (their budgets' GFLOP, {@link
   * SweepPoint#cost}), so that the runs left when the workers run out of work are short ones and
   * no core idles long; runs of equal cost in grid order.
   */
  static List<PointRun> longestFirst(Path dir, List<SweepPoint> points) {
    return points.stream().sorted(Comparator.comparingDouble(SweepPoint::cost).reversed())
        .map(p -> PointRun.in(dir, p)).toList();
  }

  /**
   * The batch script that runs this sweep on Slurm as a job array, {@code workers} tasks at a
   * time (default: all), each with as many CPUs as its run's kernel threads (1 unless the grid or
   * {@code --set} chose {@code train.threads}). Creates the sweep directory's {@code logs/}, where
   * the tasks' output goes: Slurm opens it before the task starts.
   */
  public String slurm(Integer workers, SlurmScript script) throws IOException {
    checkWorkers(workers);
    int cpus = points.stream().mapToInt(p -> p.config().train().threads()).max().orElse(0);
    List<String> sweep = new ArrayList<>(List.of("sweep", "--grid", gridPath(), "--out",
        dir.toAbsolutePath().toString()));
    if (cpus == 0) {
      cpus = 1;
      sweep.addAll(List.of("--set", "train.threads=1"));
    }
    sweep.addAll(options());
    Files.createDirectories(dir.resolve("logs"));
    int parallel = workers != null ? workers : points.size();
    return script.of(grid.name(), gridRef, dir.toAbsolutePath(), points.size(), parallel, cpus,
        sweep);
  }

  /** {@code --workers}, where given, is at least one. */
  private static void checkWorkers(Integer workers) {
    if (workers != null && workers < 1) {
      throw new ConfigException("--workers: " + workers + " is not allowed; allowed: an integer >= 1");
    }
  }

  /** This sweep's {@code --set} and {@code --steps}, as a task or a pod is given them. */
  private List<String> options() {
    List<String> options = new ArrayList<>();
    overrides.forEach(o -> options.addAll(List.of("--set", o)));
    if (steps != null) {
      options.addAll(List.of("--steps", Long.toString(steps)));
    }
    return options;
  }

  /** The grid as a task finds it: the built-in name, or the file's absolute path. */
  private String gridPath() {
    return gridRef.equals(Grids.PAPER) ? gridRef : Path.of(gridRef).toAbsolutePath().toString();
  }

  /** The Kubernetes manifests that run this sweep as an Indexed Job, {@code parallelism} pods at a time. */
  public String kubernetes(Integer parallelism) {
    checkWorkers(parallelism);
    return KubernetesManifests.of(grid, Grids.text(gridRef), gridRef, points.size(),
        parallelism != null ? parallelism : points.size(), options());
  }
}
