package dev.idtrain.telemetry;

import dev.idtrain.event.TrainingEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.RolledBack;
import dev.idtrain.event.TrainingEvent.RunState;
import dev.idtrain.event.TrainingEvent.Started;
import dev.idtrain.event.TrainingEvent.StateChanged;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

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

  @SuppressWarnings("unchecked")
  private static Map<String, Object> part(Map<String, Object> series, String name) {
    return (Map<String, Object>) series.get(name);
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
    Map<String, Object> series = history.series(0);
    double[] steps = (double[]) part(series, "steps").get("step");
    assertThat(steps.length).isBetween(RunHistory.STEP_ROWS / 2, RunHistory.STEP_ROWS + 1);
    assertThat(steps[0]).isEqualTo(1);
    assertThat(steps[steps.length - 1]).isEqualTo(1_000_000);
    // 4000 probes: all kept (the bound is 4096)
    double[] probes = (double[]) part(series, "probes").get("step");
    assertThat(probes.length).isEqualTo(3999);
    assertThat(probes[0]).isEqualTo(250);
    assertThat(probes[probes.length - 1]).isEqualTo(999_750);
    assertThat(((double[]) part(series, "checkpoints").get("step")).length).isEqualTo(1000);
  }

  @Test
  void pagingBySinceMissesNoLateProbe() {
    RunHistory history = new RunHistory(Events.INFO, CONFIG);
    run(history, 1, 251);
    Map<String, Object> first = history.series(0);
    long next = (Long) first.get("next_since");
    assertThat(next).isEqualTo(251);
    assertThat((double[]) part(first, "probes").get("step")).isEmpty();
    // The probe of step 250 arrives after step 253: the next page has it, though 250 < 251.
    run(history, 252, 260);
    Map<String, Object> second = history.series(next);
    assertThat((double[]) part(second, "steps").get("step"))
        .containsExactly(252, 253, 254, 255, 256, 257, 258, 259, 260);
    assertThat((double[]) part(second, "probes").get("step")).containsExactly(250);
    assertThat(((List<double[]>) part(second, "probes").get("r2_dim")).get(4))
        .containsExactly(Events.probe(1, 250).r2PerDim().get(4));
    assertThat(second.get("generation")).isEqualTo(first.get("generation"));
  }

  @Test
  void aRollbackDropsTheAbandonedStepsAndChangesTheGeneration() {
    RunHistory history = new RunHistory(Events.INFO, CONFIG);
    run(history, 1, 1500);
    Object generation = history.series(0).get("generation");
    history.onEvent(new RolledBack(1000, 1500, 5e-4, "loss diverged"));
    for (long step = 1001; step <= 1010; step++) {
      history.onEvent(Events.step(step));
    }
    Map<String, Object> series = history.series(0);
    assertThat(series.get("generation")).isNotEqualTo(generation);
    double[] steps = (double[]) part(series, "steps").get("step");
    assertThat(steps[steps.length - 1]).isEqualTo(1010);
    for (int i = 1; i < steps.length; i++) {
      assertThat(steps[i]).isGreaterThan(steps[i - 1]);
    }
    assertThat((double[]) part(series, "probes").get("step")).containsExactly(250, 500, 750, 1000);
    assertThat((double[]) part(series, "rollbacks").get("step")).containsExactly(1000);
    assertThat((double[]) part(series, "rollbacks").get("from_step")).containsExactly(1500);
    assertThat(history.run()).containsEntry("rollbacks", 1L).containsEntry("step", 1010L);
  }

  @Test
  void theHeaderShowsStateReasonFiguresAndChangedKeysFirst() {
    RunHistory history = new RunHistory(Events.INFO, CONFIG);
    assertThat(history.run()).containsEntry("state", "starting").containsEntry("step", null);
    history.onEvent(new Started(0, Events.INFO));
    run(history, 1, 300);
    Map<String, Object> run = history.run();
    assertThat(run).containsEntry("state", "running").containsEntry("run", "test-run")
        .containsEntry("step", 300L).containsEntry("samples", 300L * Events.BATCH)
        .containsEntry("device", "cpu").containsEntry("precision", "bf16")
        .containsEntry("probes", 1L).containsEntry("reference_r2", 0.998);
    // Events.step(n) is n * 10 ms into the run: 100 steps/s over each window.
    assertThat((Double) run.get("steps_per_s")).isCloseTo(100, org.assertj.core.api.Assertions.within(1e-6));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> config = (List<Map<String, Object>>) run.get("config");
    assertThat(config).extracting(e -> e.get("key"))
        .containsExactly("train.batchSize", "train.precision", "dgp.dim");
    assertThat(config.get(0)).containsEntry("value", "256").containsEntry("default", "1024")
        .containsEntry("changed", true);

    history.onEvent(new StateChanged(300, RunState.FAILED, "loss diverged 6 times"));
    assertThat(history.run()).containsEntry("state", "failed")
        .containsEntry("reason", "loss diverged 6 times");
  }
}
