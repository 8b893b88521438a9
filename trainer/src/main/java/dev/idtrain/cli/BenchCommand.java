package dev.idtrain.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idtrain.config.Config;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.stream.TrainingPipeline;
import dev.idtrain.telemetry.ProcessMemoryMetrics;
import dev.idtrain.train.Devices;
import dev.idtrain.train.Learner;
import dev.idtrain.train.Trainer;
import dev.idtrain.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code idtrain bench}: the full pipeline's throughput against what its parts can do alone —
 * the bare engine step on one pre-built batch, the sampler on its own — plus the step-time
 * breakdown, probe cost and peak resident memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure pipeline vs bare-step throughput, sampler capacity, probe cost and memory.")
final class BenchCommand implements Callable<Integer> {
  private static final int WARMUP_STEPS = 30;
  private static final double SAMPLER_SECONDS = 3;
  private static final double MIB = 1024 * 1024;

  @Mixin ConfigOptions options;

  @Option(names = "--steps", paramLabel = "N", description = "Steps per measured phase (default ${DEFAULT-VALUE}).")
  int steps = 500;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Config config = options.load();
    Device device = Devices.resolve(config.train().device());
    DataGeneratingProcess dgp = DataGeneratingProcess.create(config.dgp(), config.run().seed());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", config.run().id());
    out.put("device", RunSession.runInfo(config, device).device());
    out.put("steps_per_phase", steps);
    out.put("sampler_samples_per_s", samplerRate(config, dgp));
    out.put("bare_steps_per_s", bareRate(config, dgp, device));
    PipelineStats pipeline = pipeline(config, dgp, device);
    out.putAll(pipeline.figures(config.train().batchSize()));
    out.put("pipeline_to_bare", (Double) out.get("pipeline_steps_per_s") / (Double) out.get("bare_steps_per_s"));
    out.put("peak_rss_mb", ProcessMemoryMetrics.peakResidentBytes() / MIB);
    if (json) {
      System.out.println(new ObjectMapper().writeValueAsString(out));
    } else {
      out.forEach((key, value) -> System.out.printf(Locale.ROOT, "%-28s %s%n", key,
          value instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : value));
    }
    return 0;
  }

  /** Samples/s one sampler thread draws, batches of the configured size. */
  private static double samplerRate(Config config, DataGeneratingProcess dgp) {
    int size = config.train().batchSize();
    long start = System.nanoTime();
    long samples = 0;
    for (long index = 0; System.nanoTime() - start < SAMPLER_SECONDS * 1e9; index++) {
      samples += dgp.sample(index, Seeds.batch(config.run().seed(), index), size).size();
    }
    return samples / ((System.nanoTime() - start) / 1e9);
  }

  /** The engine alone: the same model and optimiser stepping on one pre-built batch. */
  private double bareRate(Config config, DataGeneratingProcess dgp, Device device) {
    Batch batch = dgp.sample(0, Seeds.batch(config.run().seed(), 0), config.train().batchSize());
    try (Learner learner = new Learner(config, device)) {
      for (int i = 0; i < WARMUP_STEPS; i++) {
        learner.step(batch);
      }
      long start = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        learner.step(batch);
      }
      return steps / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** The pipeline as a run has it, checkpoints included (into a scratch directory). */
  private PipelineStats pipeline(Config config, DataGeneratingProcess dgp, Device device)
      throws IOException {
    PipelineStats stats = new PipelineStats(WARMUP_STEPS);
    Path scratch = Files.createTempDirectory("idtrain-bench");
    CheckpointStore store = new CheckpointStore(scratch, config.checkpoint().keep());
    try (TrainingPipeline pipeline = new TrainingPipeline(config, dgp, RunSession.runInfo(config, device))) {
      pipeline.events(() -> new Trainer(config, dgp, device, store, null), WARMUP_STEPS + steps)
          .doOnNext(stats).blockLast();
      stats.peakQueueDepth = pipeline.peakQueueDepth();
    } finally {
      try (Stream<Path> files = Files.walk(scratch)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return stats;
  }
}
