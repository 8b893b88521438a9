package dev.idtrain.telemetry.page;

import dev.idtrain.event.TrainingEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.FactorFigure;
import dev.idtrain.event.TrainingEvent.PixelBaseline;
import dev.idtrain.event.TrainingEvent.Probe;
import dev.idtrain.event.TrainingEvent.RolledBack;
import dev.idtrain.event.TrainingEvent.RunState;
import dev.idtrain.event.TrainingEvent.Started;
import dev.idtrain.event.TrainingEvent.StateChanged;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;
import dev.idtrain.telemetry.Events;

class RunHistoryTest {

  static {
    // JOL measures object sizes through field offsets, which Java 17 hides without this.
    System.setProperty("jol.magicFieldOffset", "true");
  }

  private static final List<ConfigEntry> CONFIG = List.of(
      new ConfigEntry("dgp.dim", "5", "5"),
      new ConfigEntry("train.batchSize", "256", "1024"),
      new ConfigEntry("train.precision", "bf16", "fp32"));

  /** Steps 1..n with a probe every 250 steps (published 3 steps late) and a checkpoint every 1000. */
  private static void run(RunHistory history, long from, long to) {
    for (long step = from; step <= to; step++) {
      history.onEvent(Events.step(step));
      if (step % 250 == 3 && step > 3) {
        history.onEvent(Events.probe((int) (step / 250), step - 3));
      }
      if (step % 1000 == 0) {
        history.onEvent(new Checkpointed(step, 1000, 0.01));
      }
    }
  }

  @Test
  void aMillionStepsTakeFixedMemoryAndKeepTheFirstAndLastStep() {
    RunHistory history = new RunHistory(Events.INFO, CONFIG);
    run(history, 1, 10_000);
    long early = GraphLayout.parseInstance(history).totalSize();
    run(history, 10_001, 1_000_000);
    long late = GraphLayout.parseInstance(history).totalSize();
    System.out.printf("series memory: %.1f KiB after 10^4 steps, %.1f KiB after 10^6%n",
        early / 1024.0, late / 1024.0);

    assertThat(late).isEqualTo(early);
    assertThat(late).isLessThan(1 << 20);
    RunSeries series = history.series(0);
    double[] steps = series.steps().step();
    assertThat(steps.length).isBetween(RunHistory.STEP_ROWS / 2, RunHistory.STEP_ROWS + 1);
    assertThat(steps[0]).isEqualTo(1);
    assertThat(steps[steps.length - 1]).isEqualTo(1_000_000);
    // 4000 probes: all kept (the bound is 4096)
    double[] probes = series.probes().step();
    assertThat(probes.length).isEqualTo(3999);
    assertThat(probes[0]).isEqualTo(250);
    assertThat(probes[probes.length - 1]).isEqualTo(999_750);
    assertThat(series.checkpoints().step().length).isEqualTo(1000);
  }

  @Test
  void pagingBySinceMissesNoLateProbe() {
    RunHistory history = new RunHistory(Events.INFO, CONFIG);
    run(history, 1, 251);
    RunSeries first = history.series(0);
    long next = first.nextSince();
    assertThat(next).isEqualTo(251);
    assertThat(first.probes().step()).isEmpty();
    // The probe of step 250 arrives after step 253: the next page has it, though 250 < 251.
    run(history, 252, 260);
    RunSeries second = history.series(next);
    assertThat(second.steps().step()).containsExactly(252, 253, 254, 255, 256, 257, 258, 259, 260);
    assertThat(second.probes().step()).containsExactly(250);
    assertThat(second.probes().r2Dim().get(4))
        .containsExactly(Events.probe(1, 250).r2PerDim().get(4));
    assertThat(second.generation()).isEqualTo(first.generation());
  }

  @Test
  void aRollbackDropsTheAbandonedStepsAndChangesTheGeneration() {
    RunHistory history = new RunHistory(Events.INFO, CONFIG);
    run(history, 1, 1500);
    long generation = history.series(0).generation();
    history.onEvent(new RolledBack(1000, 1500, 5e-4, "loss diverged"));
    for (long step = 1001; step <= 1010; step++) {
      history.onEvent(Events.step(step));
    }
    RunSeries series = history.series(0);
    assertThat(series.generation()).isNotEqualTo(generation);
    double[] steps = series.steps().step();
    assertThat(steps[steps.length - 1]).isEqualTo(1010);
    for (int i = 1; i < steps.length; i++) {
      assertThat(steps[i]).isGreaterThan(steps[i - 1]);
    }
    assertThat(series.probes().step()).containsExactly(250, 500, 750, 1000);
    assertThat(series.rollbacks().step()).containsExactly(1000);
    assertThat(series.rollbacks().fromStep()).containsExactly(1500);
    assertThat(history.run().rollbacks()).isEqualTo(1);
    assertThat(history.run().step()).isEqualTo(1010);
  }

  @Test
  void theHeaderShowsStateReasonFiguresAndChangedKeysFirst() {
    RunHistory history = new RunHistory(Events.INFO, CONFIG);
    assertThat(history.run().state()).isEqualTo("starting");
    assertThat(history.run().step()).isNull();
    history.onEvent(new Started(0, Events.INFO));
    run(history, 1, 300);
    RunHeader run = history.run();
    assertThat(run.state()).isEqualTo("running");
    assertThat(run.run()).isEqualTo("test-run");
    assertThat(run.step()).isEqualTo(300);
    assertThat(run.samples()).isEqualTo(300L * Events.BATCH);
    assertThat(run.device()).isEqualTo("cpu");
    assertThat(run.precision()).isEqualTo("fp32");
    assertThat(run.probes()).isEqualTo(1);
    assertThat(run.reference().r2()).isEqualTo(0.998);
    // Events.step(n) is n * 10 ms into the run: 100 steps/s over each window.
    assertThat(run.stepsPerS()).isCloseTo(100, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(run.config()).extracting(ConfigEntry::key)
        .containsExactly("train.batchSize", "train.precision", "dgp.dim");
    assertThat(run.config().get(0)).isEqualTo(new ConfigEntry("train.batchSize", "256", "1024"));
    assertThat(run.config().get(0).changed()).isTrue();

    history.onEvent(new StateChanged(300, RunState.FAILED, "loss diverged 6 times"));
    assertThat(history.run().state()).isEqualTo("failed");
    assertThat(history.run().reason()).isEqualTo("loss diverged 6 times");
  }

  @Test
  void aSpritesRunsProbesKeepEachFactorsColumnsAndTheHeaderItsPixelBaseline() {
    RunInfo sprites = new RunInfo("s", "supervised", 3, 3, 0, "none", Double.NaN, "cpu", "bf16",
        "dev", new RunInfo.Reference("Tab. 4 MLP", Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            List.of(new RunInfo.FactorReference("x", 0.97, 0.92))),
        "", "", "sprites", List.of("scale", "x", "y", "orientation"));
    RunHistory history = new RunHistory(sprites, CONFIG);
    assertThat(history.run().pixelBaseline()).containsOnly(Double.NaN);
    for (int k = 1; k <= 2; k++) {
      history.onEvent(Events.step(100L * k));
      // Orientation is left out, as a probe without hearts to fit leaves it.
      history.onEvent(new Probe(100L * k, k, 0.5, 0.9, 0.8, List.of(0.7, 0.9, 0.9), Double.NaN,
          Double.NaN, Double.NaN, Double.NaN, 0.5, 0.9, Double.NaN, 0.1, List.of(new FactorFigure("scale", 0.8 + k, 0.6 + k),
              new FactorFigure("x", 0.9 + k, 0.8 + k), new FactorFigure("y", 0.95 + k, 0.9 + k))));
    }
    history.onEvent(new PixelBaseline(0, List.of(new FactorFigure("y", 0.88, 0.77)), 12));

    RunSeries.Probes probes = history.series(0).probes();
    assertThat(probes.step()).containsExactly(100, 200);
    assertThat(probes.r2Dim()).hasSize(3);
    assertThat(probes.factorCorrelation()).hasSize(4);
    assertThat(probes.factorCorrelation().get(1)).containsExactly(1.9, 2.9);
    assertThat(probes.factorR2().get(2)).containsExactly(1.9, 2.9);
    assertThat(probes.factorCorrelation().get(3)).containsOnly(Double.NaN);
    RunHeader run = history.run();
    assertThat(run.process()).isEqualTo("sprites");
    assertThat(run.factors()).containsExactly("scale", "x", "y", "orientation");
    assertThat(run.pixelBaseline()).containsExactly(Double.NaN, Double.NaN, 0.88, Double.NaN);
    assertThat(run.reference().factors()).singleElement()
        .isEqualTo(new RunInfo.FactorReference("x", 0.97, 0.92));
  }
}
