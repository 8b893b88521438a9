package dev.idtrain.config;

/**
 * The resolved configuration of a run. Each component of each section is one
 * dotted key ({@code dgp.dim}); its annotations are the single source of its default and of
 * the values it allows, read by {@link ConfigLoader}.
 */
public record Config(
    Run run, Dgp dgp, Model model, Train train, Probe probe, Stop stop, Telemetry telemetry,
    Checkpoint checkpoint) {

  public record Run(
      @Default("0") @Range(min = 0, max = Long.MAX_VALUE) long seed,
      @Default("") @Pattern(regex = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}",
          allowed = "1 to 128 letters, digits, '.', '_' or '-', not starting with '.', '_' or '-'")
          String id,
      @Default("") @Pattern(regex = "|[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?",
          allowed = "empty, or 1 to 40 lower-case letters, digits or '-' (a sweep's name)")
          String sweep,
      @Default("") @Pattern(regex = "[A-Za-z0-9._=,+@-]{0,64}",
          allowed = "up to 64 letters, digits, '.', '_', '=', ',', '+', '@' or '-' (a sweep point's label)")
          String point) {}

  public record Dgp(
      @Default("sphere") DgpKind kind,
      @Default("false") boolean continuous,
      @Default("5") @Range(min = 2, max = 64) int dim,
      @Default("100") @Range(min = 2, max = 1_000_000) int classes,
      @Default("10240") @Range(min = 2, max = 1_000_000) int instances,
      @Default("uniform") Marginal marginal,
      @Default("1.0") @Range(min = 0, max = 100, exclusiveMin = true) double marginalScale,
      @Default("vmf") Conditional conditional,
      @Default("10") @Range(min = 0, max = 10_000, exclusiveMin = true) double kappa,
      @Default("") @Range(min = 0, max = 100, exclusiveMin = true) double noiseScale,
      @Default("4") @Range(min = 1, max = 32) int generatorLayers,
      @Default("0.0") @Range(min = 0, max = 1) double conditionQuantile,
      @Default("25000") @Range(min = 1, max = 10_000_000) int conditionPool) {}

  public record Model(
      @Default("6") @Range(min = 2, max = 64) int hiddenLayers,
      @Default("mlp") Encoder encoder,
      @Default("false") boolean normalizeFeatures,
      @Default("false") boolean normalizeRows,
      @Default("false") boolean learnTemperature,
      @Default("1.0") @Range(min = 0, max = 10_000, exclusiveMin = true) double temperature,
      @Default("false") boolean headBias) {}

  public record Train(
      @Default("supervised") Objective objective,
      @Default("1024") @Range(min = 2, max = 1_048_576) int batchSize,
      @Default("1e-3") @Range(min = 0, max = 1e6, exclusiveMin = true) double learningRate,
      @Default("constant") LrSchedule lrSchedule,
      @Default("0") @Range(min = 0, max = 1e9) int warmupSteps,
      @Default("10000") @Range(min = 1, max = 1e9) int horizonSteps,
      @Default("auto") @Pattern(regex = "auto|cpu|gpu|gpu:\\d{1,3}",
          allowed = "auto, cpu, gpu or gpu:N") String device,
      @Default("4") @Range(min = 1, max = 1024) int prefetchBatches,
      @Default("1") @Range(min = 1, max = 256) int samplerThreads,
      @Default("0") @Range(min = 0, max = 1024) int threads,
      @Default("auto") Precision precision,
      @Default("10") @Range(min = 1, max = 1_000_000) int maxBadSteps,
      @Default("10") @Range(min = 1, max = 1e6, exclusiveMin = true) double divergenceFactor,
      @Default("0.5") @Range(min = 0, max = 1, exclusiveMin = true, exclusiveMax = true)
          double rollbackLrFactor,
      @Default("5") @Range(min = 0, max = 1000) int maxRollbacks) {}

  public record Probe(
      @Default("250") @Range(min = 1, max = 1e9) int every,
      @Default("8192") @Range(min = 64, max = 10_000_000) int samples,
      @Default("true") boolean pixelBaseline) {}

  /**
   * Early stopping: the run stops, converged, once the window median of {@code monitor} has not
   * risen more than {@code minDelta} above its best for {@code patience} probes; 0 trains to the
   * step budget. Not part of the experiment: a resumed run may change it.
   */
  public record Stop(
      @Default("0") @Range(min = 0, max = 1_000_000) int patience,
      @Default("0.001") @Range(min = 0, max = 1) double minDelta,
      @Default("affine") Monitor monitor) {}

  public record Telemetry(
      @Default("true") boolean enabled,
      @Default("127.0.0.1") @Pattern(regex = "[A-Za-z0-9.:\\-\\[\\]]{1,253}",
          allowed = "a host name or IP address") String bind,
      @Default("9404") @Range(min = 0, max = 65535) int port,
      @Default("30") @Range(min = 0, max = 3600) int lingerSeconds) {}

  public record Checkpoint(
      @Default("1000") @Range(min = 1, max = 1e9) int everySteps,
      @Default("300") @Range(min = 1, max = 1e9) int everySeconds,
      @Default("3") @Range(min = 1, max = 1000) int keep) {}
}
