package dev.idtrain.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idtrain.config.Config;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.telemetry.ProcessMemoryMetrics;
import dev.idtrain.telemetry.TrainingEvent;
import dev.idtrain.train.Devices;
import dev.idtrain.train.Learner;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code idtrain bench}: the full pipeline's throughput against what its parts can do alone —
 * the bare engine step on one pre-built batch, the sampler on its own — plus the step-time
 * breakdown, probe cost, the metrics endpoint's cost and peak resident memory; or, with
 * --soak, resident memory over a long run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure pipeline vs bare-step throughput, sampler capacity, probe and telemetry cost, memory.")
final class BenchCommand implements Callable<Integer> {
  private static final int WARMUP_STEPS = 30;
  private static final double SAMPLER_SECONDS = 3;
  private static final double MIB = 1024 * 1024;
  private static final int SOAK_READ_EVERY = 10;
  private static final int SOAK_WARMUP_STEPS = 1000;
  private static final Consumer<TrainingEvent> IGNORE = event -> { };

  @Mixin ConfigOptions options;

  @Option(names = "--steps", paramLabel = "N", description = "Steps per measured phase (default ${DEFAULT-VALUE}).")
  int steps = 300;

  @Option(names = "--pairs", paramLabel = "P",
      description = "Rounds of bare step, pipeline without and with the metrics endpoint (default ${DEFAULT-VALUE}).")
  int pairs = 3;

  @Option(names = "--scrapers", paramLabel = "C",
      description = "Also alternate phases with C clients hammering /metrics against phases without (default: none).")
  int scrapers;

  @Option(names = "--browser",
      description = "Also alternate phases with a headless chromium showing the live page against phases without.")
  boolean browser;

  @Option(names = "--soak", paramLabel = "STEPS",
      description = "Instead: one run of STEPS steps, reporting resident memory as it goes.")
  long soak;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Config config = options.load();
    Device device = Devices.prepare(config.train());
    DataGeneratingProcess dgp = DataGeneratingProcess.create(config.dgp(), config.run().seed());
    PipelineBench bench = new PipelineBench(config, dgp, device);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", config.run().id());
    out.put("device", RunSession.runInfo(config, device).device());
    if (soak > 0) {
      out.putAll(soak(bench));
    } else {
      measure(config, dgp, device, bench, out);
    }
    out.put("peak_rss_mb", ProcessMemoryMetrics.peakResidentBytes() / MIB);
    print(out);
    return 0;
  }

  /**
   * Bare step, pipeline without and with the endpoint, alternated {@code pairs} times: every
   * ratio is the median of ratios within a round, so a machine whose speed drifts between rounds
   * does not fake a difference, and the order within a round flips from one round to the next.
   */
  private void measure(Config config, DataGeneratingProcess dgp, Device device, PipelineBench bench,
      Map<String, Object> out) throws Exception {
    out.put("steps_per_phase", steps);
    out.put("sampler_samples_per_s", samplerRate(config, dgp));
    List<Double> bare = new ArrayList<>();
    List<Double> served = new ArrayList<>();
    List<Double> unserved = new ArrayList<>();
    List<Double> latencies = new ArrayList<>();
    PipelineBench.Phase last = null;
    for (int round = 0; round < pairs; round++) {
      // Every other round runs its phases in reverse, so a machine slowing down (or speeding up)
      // through the benchmark does not favour whichever phase comes first.
      boolean reverse = round % 2 == 1;
      if (!reverse) {
        bare.add(bareRate(config, dgp, device));
      }
      for (boolean serve : reverse ? new boolean[] {true, false} : new boolean[] {false, true}) {
        PipelineBench.Phase phase = bench.run(WARMUP_STEPS, steps, serve, 0, IGNORE);
        (serve ? served : unserved).add(phase.stats().stepsPerSecond());
        if (serve) {
          last = phase;
          latencies.addAll(phase.scrapeMillis());
        }
      }
      if (reverse) {
        bare.add(bareRate(config, dgp, device));
      }
    }
    out.put("bare_steps_per_s", median(bare));
    out.put("pipeline_steps_per_s", median(served));
    out.put("samples_per_s", median(served) * config.train().batchSize());
    out.put("pipeline_to_bare", medianRatio(served, bare));
    out.put("telemetry_off_steps_per_s", median(unserved));
    out.put("telemetry_on_to_off", medianRatio(served, unserved));
    out.putAll(last.stats().figures());
    out.put("scrape_ms_median", quantile(latencies, 0.5));
    out.put("scrape_ms_p99", quantile(latencies, 0.99));
    if (scrapers > 0) {
      List<Double> quiet = new ArrayList<>();
      List<Double> hammered = new ArrayList<>();
      for (int round = 0; round < pairs; round++) {
        for (int load : round % 2 == 1 ? new int[] {scrapers, 0} : new int[] {0, scrapers}) {
          double rate = bench.run(WARMUP_STEPS, steps, true, load, IGNORE).stats().stepsPerSecond();
          (load > 0 ? hammered : quiet).add(rate);
        }
      }
      out.put("scrapers", scrapers);
      out.put("hammered_steps_per_s", median(hammered));
      out.put("hammered_to_quiet", medianRatio(hammered, quiet));
    }
    if (browser) {
      List<Double> closed = new ArrayList<>();
      List<Double> open = new ArrayList<>();
      for (int round = 0; round < pairs; round++) {
        for (boolean page : round % 2 == 1 ? new boolean[] {true, false} : new boolean[] {false, true}) {
          double rate = bench.run(WARMUP_STEPS, steps, true, 0, page, IGNORE).stats().stepsPerSecond();
          (page ? open : closed).add(rate);
        }
      }
      out.put("page_closed_steps_per_s", median(closed));
      out.put("page_open_steps_per_s", median(open));
      out.put("page_open_to_closed", medianRatio(open, closed));
    }
  }

  /**
   * Resident memory along one long run. It swings by about 100 MB within a few hundred steps as
   * the native allocator keeps or hands back blocks the probes freed, so one reading per interval
   * would measure where in that swing it fell: each window instead reports the lowest and highest
   * of readings taken every {@value #SOAK_READ_EVERY} steps, and growth compares both with the
   * first window after warm-up (the first {@value #SOAK_WARMUP_STEPS} steps).
   */
  private Map<String, Object> soak(PipelineBench bench) throws Exception {
    long window = 1000 * Math.max(1, soak / 100_000);
    Map<Long, Map<String, Double>> rss = new LinkedHashMap<>();
    DoubleSummaryStatistics[] readings = {new DoubleSummaryStatistics()};
    bench.run(0, soak, true, 0, event -> {
      if (!(event instanceof TrainingEvent.Step s) || s.step() % SOAK_READ_EVERY != 0 && s.step() != soak) {
        return;
      }
      readings[0].accept(ProcessMemoryMetrics.residentBytes() / MIB);
      if (s.step() % window == 0 || s.step() == soak) {
        double low = readings[0].getMin();
        double high = readings[0].getMax();
        rss.put(s.step(), Map.of("min", low, "max", high));
        if (!json) {
          System.out.printf(Locale.ROOT, "steps to %d  rss min %.1f  max %.1f MB%n", s.step(), low, high);
        }
        readings[0] = new DoubleSummaryStatistics();
      }
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("soak_steps", soak);
    out.put("rss_mb_by_window_end", rss);
    rss.keySet().stream().filter(end -> end - window >= SOAK_WARMUP_STEPS).findFirst().ifPresent(from -> {
      Map<String, Double> first = rss.get(from);
      Map<String, Double> last = rss.get(soak);
      out.put("rss_growth_from_step", from);
      out.put("rss_min_growth_mb", last.get("min") - first.get("min"));
      out.put("rss_max_growth_mb", last.get("max") - first.get("max"));
    });
    return out;
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

  /**
   * The engine alone: the same model and optimiser stepping on one pre-built batch, on a thread
   * of its own as the pipeline's training thread is.
   */
  private double bareRate(Config config, DataGeneratingProcess dgp, Device device) throws Exception {
    Batch batch = dgp.sample(0, Seeds.batch(config.run().seed(), 0), config.train().batchSize());
    FutureTask<Double> rate = new FutureTask<>(() -> {
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
    });
    new Thread(rate, "idtrain-bare").start();
    return rate.get();
  }

  private void print(Map<String, Object> out) throws Exception {
    if (json) {
      System.out.println(new ObjectMapper().writeValueAsString(out));
    } else {
      out.forEach((key, value) -> System.out.printf(Locale.ROOT, "%-28s %s%n", key,
          value instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : value));
    }
  }

  private static double median(List<Double> values) {
    return quantile(values, 0.5);
  }

  private static double quantile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }

  /** Median of the pairwise ratios a_i / b_i: robust to the machine's speed drifting. */
  private static double medianRatio(List<Double> a, List<Double> b) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      ratios.add(a.get(i) / b.get(i));
    }
    return median(ratios);
  }
}
