package dev.idtrain.bench;

import ai.djl.Device;
import dev.idtrain.config.Config;
import dev.idtrain.config.Precision;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.probe.R2Crossings;
import dev.idtrain.run.RunAssembly;
import dev.idtrain.telemetry.ProcessMemoryMetrics;
import dev.idtrain.train.Devices;
import dev.idtrain.train.Learner;
import dev.idtrain.train.MatmulPrecision;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * The full pipeline's throughput against what its parts can do alone — the bare engine step on
 * one pre-built batch, the sampler on its own — plus the step-time breakdown, probe cost, the
 * metrics endpoint's cost and peak resident memory; or resident memory over one long run; or
 * the time training takes to identify the latents to a given R².
 */
public final class Benchmark {
  private static final int WARMUP_STEPS = 30;
  private static final double SAMPLER_SECONDS = 3;
  private static final double MIB = 1024 * 1024;
  private static final int SOAK_READ_EVERY = 10;
  private static final int SOAK_WARMUP_STEPS = 1000;
  private static final Consumer<TrainingEvent> IGNORE = event -> { };

  /**
   * @param steps steps per measured phase
   * @param pairs rounds of bare step, pipeline without and with the metrics endpoint
   * @param scrapers clients hammering /metrics in extra alternated phases (0: none)
   * @param browser also alternate phases with a headless chromium showing the live page
   */
  public record Plan(int steps, int pairs, int scrapers, boolean browser) {}

  private final Config config;
  private final Device device;
  private final DataGeneratingProcess dgp;
  private final PipelineBench bench;
  private final PrintStream progress;
  private final double setupSeconds;

  /** @param progress where a soak prints its windows as they close; null for silence */
  public Benchmark(Config config, PrintStream progress) {
    this.config = config;
    long start = System.nanoTime();
    this.device = Devices.prepare(config.train());
    this.dgp = DataGeneratingProcess.create(config.dgp(), config.run().seed());
    this.setupSeconds = (System.nanoTime() - start) / 1e9;
    this.bench = new PipelineBench(config, dgp, device);
    this.progress = progress;
  }

  /** The throughput figures of {@code plan}, with the run's id, device and peak memory. */
  public Map<String, Object> measure(Plan plan) throws Exception {
    Map<String, Object> out = header();
    measure(plan, out);
    return withPeakMemory(out);
  }

  /**
   * Trains the configured experiment until the median of its last {@value R2Crossings#WINDOW}
   * probes' affine R² first reaches {@code target}, giving up after {@code limitSeconds}.
   * Times count from the start of training (model, pipeline, probes), after the generative
   * process is built ({@code setup_s}).
   */
  public Map<String, Object> timeToR2(double target, double limitSeconds) throws Exception {
    Map<String, Object> out = header();
    R2Crossings crossings = new R2Crossings(target);
    long[] probes = {0};
    long start = System.nanoTime();
    double[] reachedAt = {Double.NaN};
    boolean reached = bench.runUntil(event -> {
      if (event instanceof TrainingEvent.Probe) {
        probes[0]++;
      }
      crossings.accept(event);
      if (crossings.first(target).isPresent()) {
        reachedAt[0] = (System.nanoTime() - start) / 1e9;
        return true;
      }
      return false;
    }, limitSeconds);
    out.put("setup_s", setupSeconds);
    out.put("target_r2", target);
    out.put("reached", reached);
    out.put("time_to_r2_s", reached ? reachedAt[0] : null);
    out.put("time_to_r2_steps", crossings.first(target).map(R2Crossings.Crossing::step).orElse(null));
    out.put("probes", probes[0]);
    if (!reached) {
      out.put("gave_up_after_s", limitSeconds);
    }
    return withPeakMemory(out);
  }

  /** Resident memory along one run of {@code steps} steps. */
  public Map<String, Object> soak(long steps) throws Exception {
    Map<String, Object> out = header();
    out.putAll(soakReadings(steps));
    return withPeakMemory(out);
  }

  private Map<String, Object> header() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", config.run().id());
    out.put("device", RunAssembly.runInfo(config, device).device());
    out.put("precision", Devices.lower(MatmulPrecision.current()));
    return out;
  }

  private static Map<String, Object> withPeakMemory(Map<String, Object> out) {
    out.put("peak_rss_mb", ProcessMemoryMetrics.peakResidentBytes() / MIB);
    return out;
  }

  /**
   * Bare step, pipeline without and with the endpoint, alternated {@code pairs} times: every
   * ratio is the median of ratios within a round, so a machine whose speed drifts between rounds
   * does not fake a difference, and the order within a round flips from one round to the next.
   */
  private void measure(Plan plan, Map<String, Object> out) throws Exception {
    int steps = plan.steps();
    int pairs = plan.pairs();
    int scrapers = plan.scrapers();
    out.put("steps_per_phase", steps);
    out.put("sampler_samples_per_s", samplerRate());
    List<Double> bare = new ArrayList<>();
    List<Double> served = new ArrayList<>();
    List<Double> unserved = new ArrayList<>();
    List<Double> latencies = new ArrayList<>();
    List<Double> gemm = new ArrayList<>();
    PipelineBench.Phase last = null;
    for (int round = 0; round < pairs; round++) {
      gemm.add(EngineRate.gemmGflops(device));
      // Every other round runs its phases in reverse, so a machine slowing down (or speeding up)
      // through the benchmark does not favour whichever phase comes first.
      boolean reverse = round % 2 == 1;
      if (!reverse) {
        bare.add(bareRate(steps));
      }
      for (boolean serve : reverse ? new boolean[] {true, false} : new boolean[] {false, true}) {
        PipelineBench.Phase phase = bench.run(WARMUP_STEPS, steps, serve, 0, false, IGNORE);
        (serve ? served : unserved).add(phase.stats().stepsPerSecond());
        if (serve) {
          last = phase;
          latencies.addAll(phase.scrapeMillis());
        }
      }
      if (reverse) {
        bare.add(bareRate(steps));
      }
    }
    out.put("bare_steps_per_s", median(bare));
    out.put("pipeline_steps_per_s", median(served));
    out.put("samples_per_s", median(served) * config.train().batchSize());
    out.put("pipeline_to_bare", medianRatio(served, bare));
    double gflopPerStep = EngineRate.gflopPerStep(config, device);
    double limit = median(gemm) / gflopPerStep;
    out.put("gemm_gflops", median(gemm));
    out.put("model_gflop_per_step", gflopPerStep);
    out.put("limit_steps_per_s", limit);
    out.put("efficiency", medianRatio(served, gemm.stream().map(g -> g / gflopPerStep).toList()));
    out.put("telemetry_off_steps_per_s", median(unserved));
    out.put("telemetry_on_to_off", medianRatio(served, unserved));
    out.putAll(last.stats().figures());
    out.put("scrape_ms_median", quantile(latencies, 0.5));
    out.put("scrape_ms_p99", quantile(latencies, 0.99));
    if (MatmulPrecision.current() == Precision.BF16) {
      compareWithFp32(steps, pairs, out);
    }
    if (scrapers > 0) {
      Alternated load = alternate(pairs, hammered -> bench.run(WARMUP_STEPS, steps, true,
          hammered ? scrapers : 0, false, IGNORE).stats().stepsPerSecond());
      out.put("scrapers", scrapers);
      out.put("hammered_steps_per_s", median(load.with()));
      out.put("hammered_to_quiet", medianRatio(load.with(), load.without()));
    }
    if (plan.browser()) {
      Alternated page = alternate(pairs, open -> bench.run(WARMUP_STEPS, steps, true, 0, open,
          IGNORE).stats().stepsPerSecond());
      out.put("page_closed_steps_per_s", median(page.without()));
      out.put("page_open_steps_per_s", median(page.with()));
      out.put("page_open_to_closed", medianRatio(page.with(), page.without()));
    }
  }

  /**
   * The pipeline in bf16 against fp32, alternated, and the engine's fp32 GEMM rate: what the
   * reduced precision buys on this device.
   */
  private void compareWithFp32(int steps, int pairs, Map<String, Object> out) throws Exception {
    List<Double> gemm = new ArrayList<>();
    try {
      Alternated precision = alternate(pairs, bf16 -> {
        MatmulPrecision.set(bf16 ? Precision.BF16 : Precision.FP32);
        if (!bf16) {
          gemm.add(EngineRate.gemmGflops(device));
        }
        return bench.run(WARMUP_STEPS, steps, true, 0, false, IGNORE).stats().stepsPerSecond();
      });
      out.put("gemm_gflops_fp32", median(gemm));
      out.put("fp32_pipeline_steps_per_s", median(precision.without()));
      out.put("bf16_pipeline_steps_per_s", median(precision.with()));
      out.put("bf16_to_fp32", medianRatio(precision.with(), precision.without()));
    } finally {
      MatmulPrecision.set(Precision.BF16);
    }
  }

  /** Rates of phases with and without something, paired round by round. */
  private record Alternated(List<Double> with, List<Double> without) {}

  private interface Phase {
    double rate(boolean with) throws Exception;
  }

  /** {@code pairs} rounds of a phase without and one with, the order flipping every round. */
  private static Alternated alternate(int pairs, Phase phase) throws Exception {
    Alternated out = new Alternated(new ArrayList<>(), new ArrayList<>());
    for (int round = 0; round < pairs; round++) {
      boolean withFirst = round % 2 == 1;
      for (boolean with : new boolean[] {withFirst, !withFirst}) {
        (with ? out.with() : out.without()).add(phase.rate(with));
      }
    }
    return out;
  }

  /**
   * Resident memory along one long run. It swings by about 100 MB within a few hundred steps as
   * the native allocator keeps or hands back blocks the probes freed, so one reading per interval
   * would measure where in that swing it fell: each window instead reports the lowest and highest
   * of readings taken every {@value #SOAK_READ_EVERY} steps, and growth compares both with the
   * first window after warm-up (the first {@value #SOAK_WARMUP_STEPS} steps).
   */
  private Map<String, Object> soakReadings(long soak) throws Exception {
    long window = 1000 * Math.max(1, soak / 100_000);
    Map<Long, Map<String, Double>> rss = new LinkedHashMap<>();
    DoubleSummaryStatistics[] readings = {new DoubleSummaryStatistics()};
    bench.run(0, soak, true, 0, false, event -> {
      if (!(event instanceof TrainingEvent.Step s) || s.step() % SOAK_READ_EVERY != 0 && s.step() != soak) {
        return;
      }
      readings[0].accept(ProcessMemoryMetrics.residentBytes() / MIB);
      if (s.step() % window == 0 || s.step() == soak) {
        double low = readings[0].getMin();
        double high = readings[0].getMax();
        rss.put(s.step(), Map.of("min", low, "max", high));
        if (progress != null) {
          progress.printf(Locale.ROOT, "steps to %d  rss min %.1f  max %.1f MB%n", s.step(), low, high);
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
  private double samplerRate() {
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
  private double bareRate(int steps) throws Exception {
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
