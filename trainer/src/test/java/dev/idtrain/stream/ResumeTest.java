package dev.idtrain.stream;

import static dev.idtrain.stream.PipelineRun.config;
import static dev.idtrain.stream.PipelineRun.only;
import static dev.idtrain.stream.PipelineRun.run;
import static dev.idtrain.stream.PipelineRun.sprites;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.config.Config;
import dev.idtrain.event.TrainingEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
  @TempDir Path uninterrupted;
  @TempDir Path interrupted;

  /**
   * Stopping at step 15 and resuming from its checkpoint gives the losses and probes of a run
   * that never stopped, to the bit: the batches are keyed by (seed, index) and the checkpoint
   * holds every parameter, BatchNorm statistic and Adam moment exactly, and the engine's CPU
   * kernels are deterministic for a fixed thread count. The learning rate follows a warm-up
   * and cosine schedule, which the resumed run picks up where the step says. DIET's N-way head
   * goes through the vector units' softmax, whose sums must not depend on when the JIT compiled
   * it (the resumed steps run on code compiled further than the straight run's were). Sprites,
   * whose process is fixed by the configuration alone, resume alike, with either encoder (the
   * CNN on small batches and fewer probes: a sample costs it three times what it costs the MLP).
   */
  @ParameterizedTest
  @ValueSource(strings = {"sphere", "diet", "sprites", "sprites-cnn"})
  void aResumedRunContinuesTheUninterruptedTrajectory(String process) throws Exception {
    String[] schedule = {"checkpoint.everySteps=15", "train.lrSchedule=cosine",
        "train.warmupSteps=10", "train.horizonSteps=40"};
    Config config = switch (process) {
      case "sprites" -> sprites(schedule);
      case "sprites-cnn" -> sprites(Stream.concat(Stream.of(schedule),
          Stream.of("model.encoder=cnn", "train.batchSize=64", "probe.every=15")).toArray(String[]::new));
      case "diet" -> config(Stream.concat(Stream.of(schedule),
          Stream.of("train.objective=diet", "dgp.instances=1000")).toArray(String[]::new));
      default -> config(schedule);
    };
    List<TrainingEvent> straight = run(config, uninterrupted, 30, p -> { });
    run(config, interrupted, 15, p -> { });
    List<TrainingEvent> resumed = run(config, interrupted, 30, p -> { });

    List<TrainingEvent.Step> expected = only(straight, TrainingEvent.Step.class).subList(15, 30);
    List<TrainingEvent.Step> actual = only(resumed, TrainingEvent.Step.class);
    assertThat(actual).extracting(TrainingEvent.Step::step)
        .containsExactlyElementsOf(expected.stream().map(TrainingEvent.Step::step).toList());
    assertThat(actual).extracting(TrainingEvent.Step::learningRate)
        .containsExactlyElementsOf(expected.stream().map(TrainingEvent.Step::learningRate).toList());
    assertThat(actual).extracting(TrainingEvent.Step::loss)
        .containsExactlyElementsOf(expected.stream().map(TrainingEvent.Step::loss).toList());
    assertThat(actual).extracting(TrainingEvent.Step::samples)
        .containsExactlyElementsOf(expected.stream().map(TrainingEvent.Step::samples).toList());
    // Probes are taken unless the previous one is still running: compare those both runs took.
    Map<Long, Double> straightR2 = r2ByStep(straight);
    Map<Long, Double> resumedR2 = r2ByStep(resumed);
    resumedR2.keySet().retainAll(straightR2.keySet());
    assertThat(resumedR2).isNotEmpty();
    resumedR2.forEach((step, r2) -> assertThat(r2).as("r2 at step %d", step).isEqualTo(straightR2.get(step)));
  }

  private static Map<Long, Double> r2ByStep(List<TrainingEvent> events) {
    return only(events, TrainingEvent.Probe.class).stream()
        .filter(p -> p.step() > 15)
        .collect(Collectors.toMap(TrainingEvent.Probe::step, TrainingEvent.Probe::r2Affine));
  }
}
