package dev.idtrain.stream;

import static dev.idtrain.stream.PipelineRun.config;
import static dev.idtrain.stream.PipelineRun.only;
import static dev.idtrain.stream.PipelineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.config.Config;
import dev.idtrain.dgp.Batch;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.RunState;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPipelineIT {
  @TempDir Path dir;

  @Test
  void aRunIsOrderedStepsWithProbesCheckpointsAndAFinalState() throws Exception {
    Config config = config("train.prefetchBatches=2", "train.samplerThreads=2");
    List<TrainingEvent> events = run(config, dir, 60, p -> { });

    assertThat(events.get(0)).isInstanceOf(TrainingEvent.Started.class);
    assertThat(only(events, TrainingEvent.Step.class)).extracting(TrainingEvent.Step::step)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
    assertThat(only(events, TrainingEvent.Step.class)).allSatisfy(s -> {
      assertThat(s.finite()).isTrue();
      assertThat(s.queueDepth()).isBetween(0, 2);
      assertThat(s.samples()).isEqualTo(s.step() * 256);
    });
    assertThat(PipelineRun.lastPeakQueueDepth).as("the prefetch queue's bound").isBetween(1, 2);
    assertThat(only(events, TrainingEvent.Checkpointed.class)).extracting(TrainingEvent::step)
        .containsExactly(0L, 20L, 40L, 60L);
    List<TrainingEvent.Probe> probes = only(events, TrainingEvent.Probe.class);
    List<TrainingEvent.ProbeDropped> dropped = only(events, TrainingEvent.ProbeDropped.class);
    assertThat(probes.size() + dropped.size()).isEqualTo(6);
    assertThat(probes).isNotEmpty().allSatisfy(p -> assertThat(p.step() % 10).isZero());
    assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(TrainingEvent.StateChanged.class,
        s -> assertThat(s.state()).isEqualTo(RunState.STOPPED));
  }

  @Test
  void probesThatCannotKeepUpAreDroppedAndCounted() throws Exception {
    Config config = config("probe.every=1", "probe.samples=65536");
    List<TrainingEvent> events = run(config, dir, 30, p -> { });
    int probes = only(events, TrainingEvent.Probe.class).size();
    int dropped = only(events, TrainingEvent.ProbeDropped.class).size();
    assertThat(probes + dropped).isEqualTo(30);
    assertThat(dropped).isPositive();
    assertThat(probes).isPositive();
  }

  @Test
  void stopFinishesTheStepInProgressAndCheckpoints() throws Exception {
    Config config = config("checkpoint.everySteps=1000");
    List<TrainingEvent> events = run(config, dir, Long.MAX_VALUE, pipeline ->
        new Thread(() -> {
          sleep(4000);
          pipeline.stop();
        }).start());
    TrainingEvent.Step last = only(events, TrainingEvent.Step.class).get(only(events, TrainingEvent.Step.class).size() - 1);
    assertThat(only(events, TrainingEvent.Checkpointed.class)).extracting(TrainingEvent::step)
        .containsExactly(0L, last.step());
    assertThat(events.get(events.size() - 1)).isEqualTo(
        new TrainingEvent.StateChanged(last.step(), RunState.STOPPED, "stop requested"));
  }

  @Test
  void injectedNonFiniteBatchesAreSkippedCountedAndTrainingGoesOn() throws Exception {
    Set<Long> poisonedBatches = Set.of(10L, 11L, 12L, 30L);
    List<TrainingEvent> events = run(config(), dir, 40, pipeline -> pipeline.injectFault(batch ->
        poisonedBatches.contains(batch.index()) ? poisoned(batch) : batch));
    List<TrainingEvent.Step> steps = only(events, TrainingEvent.Step.class);
    // Batch b trains step b + 1.
    assertThat(steps).filteredOn(s -> !s.finite()).extracting(TrainingEvent.Step::step)
        .containsExactly(11L, 12L, 13L, 31L);
    assertThat(steps).filteredOn(s -> s.step() > 31).allSatisfy(s -> assertThat(s.finite()).isTrue());
    assertThat(only(events, TrainingEvent.RolledBack.class)).isEmpty();
    assertThat(only(events, TrainingEvent.Probe.class)).filteredOn(p -> p.step() > 31)
        .allSatisfy(p -> assertThat(p.r2Affine()).as("BatchNorm statistics survived").isFinite());
  }

  @Test
  void anAbsurdLearningRateRollsBackWithALowerRateAndRecovers() throws Exception {
    Config config = config("train.learningRate=100", "train.maxBadSteps=3",
        "train.rollbackLrFactor=0.0001", "checkpoint.everySteps=1000");
    List<TrainingEvent> events = run(config, dir, 60, p -> { });
    List<TrainingEvent.RolledBack> rollbacks = only(events, TrainingEvent.RolledBack.class);
    assertThat(rollbacks).isNotEmpty();
    TrainingEvent.RolledBack first = rollbacks.get(0);
    assertThat(first.step()).isZero();
    assertThat(only(events, TrainingEvent.Checkpointed.class)).as("step 0, after each rollback, the last")
        .hasSize(2 + rollbacks.size());
    assertThat(first.learningRate()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-6));
    List<TrainingEvent.Step> after = only(events, TrainingEvent.Step.class).stream()
        .filter(s -> s.learningRate() < 0.02).toList();
    assertThat(after).hasSizeGreaterThan(20).allSatisfy(s -> assertThat(s.finite()).isTrue());
    assertThat(after.get(after.size() - 1).loss()).isLessThan(after.get(0).loss());
    assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(TrainingEvent.StateChanged.class,
        s -> assertThat(s.state()).isEqualTo(RunState.STOPPED));
  }

  @Test
  void aRollbackToAProbedCheckpointDoesNotProbeThatStepAgain() throws Exception {
    Config config = config("checkpoint.everySteps=10", "train.maxBadSteps=3");
    List<TrainingEvent> events = run(config, dir, 40, pipeline -> pipeline.injectFault(batch ->
        batch.index() < 24 || batch.index() > 26 ? batch : poisoned(batch)));
    assertThat(only(events, TrainingEvent.RolledBack.class)).extracting(TrainingEvent::step)
        .containsExactly(20L);
    List<Long> probed = only(events, TrainingEvent.Probe.class).stream().map(TrainingEvent::step).toList();
    assertThat(probed).doesNotHaveDuplicates().contains(20L);
  }

  @Test
  void aRunThatKeepsDivergingFailsAfterItsRollbacks() throws Exception {
    Config config = config("train.learningRate=100", "train.maxBadSteps=2",
        "train.rollbackLrFactor=0.9", "train.maxRollbacks=2", "checkpoint.everySteps=1000");
    List<TrainingEvent> events = run(config, dir, 500, p -> { });
    assertThat(only(events, TrainingEvent.RolledBack.class)).hasSize(2);
    assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(TrainingEvent.StateChanged.class,
        s -> assertThat(s.state()).isEqualTo(RunState.FAILED));
    assertThat(only(events, TrainingEvent.Step.class)).hasSizeLessThan(100);
  }

  /** The batch with every observation NaN: its loss is NaN through the real engine. */
  private static Batch poisoned(Batch batch) {
    float[] x = batch.x().clone();
    Arrays.fill(x, Float.NaN);
    return new Batch(batch.index(), batch.size(), batch.dim(), batch.observedDim(), batch.z(), x, batch.instance(), batch.label());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
