package dev.idtrain.bench;

import static dev.idtrain.bench.Medians.median;
import static dev.idtrain.bench.Medians.medianRatio;
import static dev.idtrain.bench.Medians.quantile;

import ai.djl.Device;
import dev.idtrain.config.Architecture;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.config.DgpKind;
import dev.idtrain.config.Objective;
import dev.idtrain.config.Precision;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.probe.ProbeWindow;
import dev.idtrain.telemetry.meter.ProcessMemoryMetrics;
import dev.idtrain.engine.Devices;
import dev.idtrain.engine.EngineSetup;
import dev.idtrain.engine.MatmulPrecision;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  static final double MIB = 1024 * 1024;
  private static final Consumer<TrainingEvent> IGNORE = event -> { };

  /**
   * @param steps steps per measured phase
   * @param pairs rounds of bare step, pipeline without and with the metrics endpoint
   * @param scrapers clients hammering /metrics in extra alternated phases (0: none)
   * @param browser also alternate phases with a headless chromium showing the live page
   */
  public record Plan(int steps, int pairs, int scrapers, boolean browser) {}

  private final Config config;
  private final EngineSetup engine;
  private final Device device;
  private final DataGeneratingProcess dgp;
  private final PipelineBench bench;
  private final PrintStream progress;
  private final double setupSeconds;

  /** @param progress where a soak prints its windows as they close; null for silence */
  public Benchmark(Config config, PrintStream progress) {
    this.config = config;
    long start = System.nanoTime();
    this.engine = Devices.prepare(config.train());
    this.device = engine.device();
    this.dgp = DataGeneratingProcess.create(config.dgp(), config.run().seed());
    this.setupSeconds = (System.nanoTime() - start) / 1e9;
    // A sprites run's pixel baseline is a once-per-run cost that would take a core from every
    // short phase: the phases measure steady training without it.
    this.bench = new PipelineBench(config.dgp().kind() == DgpKind.SPRITES
        ? ConfigLoader.with(config, List.of("probe.pixelBaseline=false")) : config, dgp, engine);
    this.progress = progress;
  }

  /** The throughput figures of {@code plan}, with the run's id, device and peak memory. */
  public Map<String, Object> measure(Plan plan) throws Exception {
    Map<String, Object> out = header();
    measure(plan, out);
    return withPeakMemory(out);
  }

  /**
   * Trains the configured experiment until the median of its last {@value ProbeWindow#SIZE}
   * probes' affine R² first reaches {@code target}, giving up after {@code limitSeconds}; the
   * generative process was built before ({@code setup_s}).
   */
  public Map<String, Object> timeToR2(double target, double limitSeconds) throws Exception {
    Map<String, Object> out = header();
    out.put("setup_s", setupSeconds);
    out.putAll(TimeToR2.measure(bench, target, limitSeconds));
    return withPeakMemory(out);
  }

  /** Resident memory along one run of {@code steps} steps. */
  public Map<String, Object> soak(long steps) throws Exception {
    Map<String, Object> out = header();
    out.putAll(Soak.readings(bench, steps, progress));
    return withPeakMemory(out);
  }

  private Map<String, Object> header() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", config.run().id());
    out.put("device", engine.deviceName());
    out.put("precision", engine.precisionName());
    out.put("precision_reason", engine.precision().reason());
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
    List<Double> faults = new ArrayList<>();
    List<Double> served = new ArrayList<>();
    List<Double> unserved = new ArrayList<>();
    List<Double> latencies = new ArrayList<>();
    List<Double> gemm = new ArrayList<>();
    List<Double> encoderGemm = new ArrayList<>();
    EngineRate.WeightMatrices weights = EngineRate.weightMatrices(config, device);
    int batch = config.train().batchSize();
    PipelineBench.Phase last = null;
    for (int round = 0; round < pairs; round++) {
      gemm.add(EngineRate.gemmGflops(device));
      encoderGemm.add(EngineRate.productGflops(weights.encoder(), batch, device));
      // Every other round runs its phases in reverse, so a machine slowing down (or speeding up)
      // through the benchmark does not favour whichever phase comes first.
      boolean reverse = round % 2 == 1;
      if (!reverse) {
        bareStep(steps, bare, faults);
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
        bareStep(steps, bare, faults);
      }
    }
    out.put("bare_steps_per_s", median(bare));
    out.put("bare_step_minor_faults", median(faults));
    out.put("pipeline_steps_per_s", median(served));
    out.put("samples_per_s", median(served) * batch);
    out.put("pipeline_to_bare", medianRatio(served, bare));
    double gflopPerStep = Architecture.of(config).gflopPerStep(batch);
    double limit = median(gemm) / gflopPerStep;
    out.put("gemm_gflops", median(gemm));
    out.put("model_gflop_per_step", gflopPerStep);
    out.put("limit_steps_per_s", limit);
    out.put("efficiency", medianRatio(served, gemm.stream().map(g -> g / gflopPerStep).toList()));
    out.put("encoder_gemm_gflops", median(encoderGemm));
    out.put("encoder_gemm_to_gemm", medianRatio(encoderGemm, gemm));
    out.put("telemetry_off_steps_per_s", median(unserved));
    out.put("telemetry_on_to_off", medianRatio(served, unserved));
    out.putAll(last.stats().figures());
    out.put("scrape_ms_median", median(latencies));
    out.put("scrape_ms_p99", quantile(latencies, 0.99));
    if (engine.precision().precision() == Precision.BF16) {
      compareWithFp32(steps, pairs, out);
    }
    if (config.train().objective() == Objective.DIET) {
      compareWithSupervised(steps, pairs, out);
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

  /**
   * The DIET pipeline against the same experiment's supervised one (K-way head instead of
   * N-way), alternated: what the N-way head costs.
   */
  private void compareWithSupervised(int steps, int pairs, Map<String, Object> out) throws Exception {
    PipelineBench supervised = new PipelineBench(
        ConfigLoader.with(config, List.of("train.objective=supervised")), dgp, engine);
    Alternated objective = alternate(pairs, diet -> (diet ? bench : supervised)
        .run(WARMUP_STEPS, steps, true, 0, false, IGNORE).stats().stepsPerSecond());
    out.put("diet_pipeline_steps_per_s", median(objective.with()));
    out.put("supervised_pipeline_steps_per_s", median(objective.without()));
    out.put("diet_to_supervised", medianRatio(objective.with(), objective.without()));
  }

  private void bareStep(int steps, List<Double> rates, List<Double> faults) throws Exception {
    BareStep bare = BareStep.measure(config, dgp, device, WARMUP_STEPS, steps);
    rates.add(bare.stepsPerSecond());
    faults.add(bare.minorFaultsPerStep());
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
}
