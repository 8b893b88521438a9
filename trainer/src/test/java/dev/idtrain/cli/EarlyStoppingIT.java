package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.run.RunSummary;
import dev.idtrain.sweep.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run with early stopping: it stops converged well short of its budget, says why in
 * summary.json, counts as finished for a sweep, and started again on its directory it sees its
 * own probes back from probes.csv and stops at once, without another step.
 */
class EarlyStoppingIT {
  private static final long BUDGET = 20_000;

  @TempDir Path dir;

  @Test
  void aRunStopsOnceItsWindowMedianPlateausAndStaysStoppedWhenStartedAgain() throws Exception {
    Path run = dir.resolve("run");
    List<String> args = new ArrayList<>(List.of("run", "--run-dir", run.toString(),
        "--steps", Long.toString(BUDGET), "--set", "telemetry.enabled=false",
        "--set", "stop.patience=4", "--set", "stop.minDelta=0.005", "--set", "probe.every=25"));
    args.addAll(Daemon.SMALL.subList(0, 6)); // small, but probing every 25 steps
    StringWriter err = new StringWriter();
    assertThat(Main.execute(new PrintWriter(err, true), args.toArray(String[]::new)))
        .as(err.toString()).isZero();

    RunSummary first = RunSummary.read(run).orElseThrow();
    assertThat(first.state()).isEqualTo("stopped");
    assertThat(first.converged()).isTrue();
    assertThat(first.reason()).startsWith("converged: the window median of the affine R² has not"
        + " risen more than 0.005 above its best");
    assertThat(first.steps()).isBetween(8 * 25L, BUDGET - 1);
    System.out.printf("[early stopping] stopped at step %d of %d: %s%n", first.steps(), BUDGET,
        first.reason());
    // Not where it started: it learned before it levelled off.
    assertThat(first.lastProbe().r2Affine()).isGreaterThan(0.5);
    assertThat(RunStatus.of(run, BUDGET)).isEqualTo(RunStatus.FINISHED);
    long probes = Files.readAllLines(run.resolve("probes.csv")).size() - 1;

    assertThat(Main.execute(new PrintWriter(err, true), args.toArray(String[]::new)))
        .as(err.toString()).isZero();
    RunSummary again = RunSummary.read(run).orElseThrow();
    assertThat(again.converged()).isTrue();
    assertThat(again.steps()).isEqualTo(first.steps());
    assertThat(again.samples()).isEqualTo(first.samples());
    assertThat(again.reason()).isEqualTo(first.reason());
    assertThat(Files.readAllLines(run.resolve("probes.csv"))).hasSize((int) probes + 1);
  }
}
