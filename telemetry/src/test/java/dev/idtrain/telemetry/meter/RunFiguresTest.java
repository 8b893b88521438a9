package dev.idtrain.telemetry.meter;

import dev.idtrain.event.TrainingEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.ProbeDropped;
import dev.idtrain.event.TrainingEvent.RolledBack;
import dev.idtrain.event.TrainingEvent.RunState;
import dev.idtrain.event.TrainingEvent.Started;
import dev.idtrain.event.TrainingEvent.StateChanged;
import dev.idtrain.event.TrainingEvent.Step;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.idtrain.telemetry.Events;

class RunFiguresTest {

  private static Step step(long step, long samples) {
    return new Step(step, samples, 1.0, 1e-3, 1.0, true, 0.01, 0.001, 0, 0);
  }

  @Test
  void nothingReportedYet() {
    RunFigures f = RunFigures.INITIAL;
    assertThat(f.ready()).isFalse();
    assertThat(f.counts().get(Counter.STEPS)).isZero();
    assertThat(f.latest().loss()).isNaN();
    assertThat(f.r2Affine()).isNaN();
    assertThat(f.r2Dim(0)).isNaN();
    assertThat(f.lastProbeStep()).isNaN();
    for (RunState s : RunState.values()) {
      assertThat(f.inState(s)).isZero();
    }
  }

  @Test
  void samplesOfAFreshRunAreTheCumulativeCount() {
    RunFigures f = RunFigures.INITIAL;
    for (int i = 1; i <= 3; i++) {
      f = f.apply(step(i, i * 256L));
    }
    assertThat(f.counts().get(Counter.STEPS)).isEqualTo(3);
    assertThat(f.counts().get(Counter.SAMPLES)).isEqualTo(768);
    assertThat(f.ready()).isTrue();
  }

  @Test
  void aResumedRunCountsOnlyTheStepsThisProcessRan() {
    RunFigures f = RunFigures.INITIAL.apply(new Started(100, Events.INFO));
    f = f.apply(step(101, 101 * 256L)).apply(step(102, 102 * 256L));
    assertThat(f.counts().get(Counter.STEPS)).isEqualTo(2);
    assertThat(f.counts().get(Counter.SAMPLES)).isEqualTo(512);
    assertThat(f.latest().step()).isEqualTo(102);
  }

  @Test
  void aRollbackThatRestoresTheSampleCountKeepsTheCounterMonotone() {
    RunFigures f = RunFigures.INITIAL;
    for (int i = 1; i <= 10; i++) {
      f = f.apply(step(i, i * 100L));
    }
    f = f.apply(new RolledBack(5, 10, 5e-4, "diverged"));
    assertThat(f.latest().step()).isEqualTo(5);
    assertThat(f.latest().learningRate()).isEqualTo(5e-4);
    f = f.apply(step(6, 600)).apply(step(7, 700));
    assertThat(f.counts().get(Counter.ROLLBACKS)).isEqualTo(1);
    assertThat(f.counts().get(Counter.STEPS)).isEqualTo(12);
    assertThat(f.counts().get(Counter.SAMPLES)).isEqualTo(1200);
  }

  @Test
  void nonFiniteStepsAreStepsAndAreCountedApart() {
    RunFigures f =
        RunFigures.INITIAL
            .apply(step(1, 8))
            .apply(new Step(2, 16, Double.NaN, 1e-3, Double.NaN, false, 0.01, 0, 0, 0));
    assertThat(f.counts().get(Counter.STEPS)).isEqualTo(2);
    assertThat(f.counts().get(Counter.NONFINITE_STEPS)).isEqualTo(1);
    assertThat(f.latest().loss()).isNaN();
  }

  @Test
  void lifecycle() {
    RunFigures f = RunFigures.INITIAL.apply(new Started(0, Events.INFO));
    assertThat(f.inState(RunState.RUNNING)).isEqualTo(1);
    f = f.apply(new StateChanged(5, RunState.STOPPED, "steps reached"));
    assertThat(f.inState(RunState.RUNNING)).isZero();
    assertThat(f.inState(RunState.STOPPED)).isEqualTo(1);
    assertThat(f.apply(new StateChanged(5, null, "?"))).isEqualTo(f);
    assertThat(f.failed().inState(RunState.FAILED)).isEqualTo(1);
  }

  @Test
  void countsOfOtherEvents() {
    RunFigures f =
        RunFigures.INITIAL
            .apply(new ProbeDropped(1))
            .apply(new ProbeDropped(2))
            .apply(new Checkpointed(3, 10, 0.1))
            .apply(new TrainingEvent.ProbeFailed(4, "singular"));
    assertThat(f.counts().get(Counter.PROBES_DROPPED)).isEqualTo(2);
    assertThat(f.counts().get(Counter.PROBE_FAILURES)).isEqualTo(1);
    assertThat(f.counts().get(Counter.CHECKPOINTS)).isEqualTo(1);
  }

  @Test
  void perDimensionR2BeyondTheProbesListIsNaN() {
    RunFigures f =
        RunFigures.INITIAL.apply(
            new TrainingEvent.Probe(1, 0, 1, 0.5, 0.4, List.of(0.1, 0.2), 0, 0, 0, 0, 0, 0, 0, 0,
                List.of()));
    assertThat(f.r2Dim(1)).isEqualTo(0.2);
    assertThat(f.r2Dim(2)).isNaN();
    assertThat(f.lastProbeStep()).isEqualTo(1);
  }
}
