package dev.idtrain.stream;

import ai.djl.Device;
import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.train.TrainingLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs the real pipeline on a small configuration and collects its events. */
final class PipelineRun {
  /** Small enough to step quickly on two cores, the same science. */
  static final List<String> SMALL = List.of("dgp.conditionPool=200", "train.batchSize=256",
      "probe.samples=1024", "probe.every=10", "checkpoint.everySteps=20");

  private PipelineRun() {}

  /** The same for sprites: the smallest held-out set a 512-feature probe allows. */
  static final List<String> SMALL_SPRITES = List.of("dgp.kind=sprites", "train.batchSize=256",
      "probe.samples=2056", "probe.every=10", "checkpoint.everySteps=20");

  static Config config(String... overrides) {
    return config(SMALL, overrides);
  }

  static Config sprites(String... overrides) {
    return config(SMALL_SPRITES, overrides);
  }

  private static Config config(List<String> small, String... overrides) {
    List<String> all = new ArrayList<>(small);
    all.addAll(List.of(overrides));
    return ConfigLoader.load(null, all);
  }

  static RunInfo info(Config config) {
    return new RunInfo(config.run().id(), "supervised", config.dgp().dim(), config.dgp().classes(),
        config.dgp().instances(), "vmf", config.dgp().kappa(), "cpu", "fp32", "test",
        RunInfo.Reference.NONE);
  }

  /**
   * Runs to {@code steps} with checkpoints in {@code dir}, resuming the newest one there.
   *
   * @param tweak applied to the pipeline before it starts (fault injection, a stop)
   */
  static List<TrainingEvent> run(Config config, Path dir, long steps, Consumer<TrainingPipeline> tweak)
      throws Exception {
    CheckpointStore store = new CheckpointStore(dir, config.checkpoint().keep());
    Checkpoint resume = store.newest().orElse(null);
    DataGeneratingProcess dgp = DataGeneratingProcess.create(config.dgp(), config.run().seed());
    try (TrainingPipeline pipeline = new TrainingPipeline(config, dgp, info(config))) {
      tweak.accept(pipeline);
      List<TrainingEvent> events = pipeline
          .events(() -> new TrainingLoop(config, dgp, Device.cpu(), store, resume), steps)
          .collectList().block(Duration.ofMinutes(10)); // a guard against hangs, not a budget
      lastPeakQueueDepth = pipeline.peakQueueDepth();
      return events;
    }
  }

  static int lastPeakQueueDepth;

  static <T extends TrainingEvent> List<T> only(List<TrainingEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
