package dev.idtrain.telemetry.meter;

/**
 * The run's counters, each one series {@code <name>_total} with its base unit, which the name
 * ends with (Micrometer appends a unit the name lacks).
 */
enum Counter {
  STEPS("idtrain.steps", "steps", "Training steps this process ran"),
  SAMPLES("idtrain.samples", "samples", "Samples in the training steps this process ran"),
  NONFINITE_STEPS("idtrain.nonfinite.steps", "steps",
      "Steps skipped because their loss or gradient was not finite"),
  PROBES_DROPPED("idtrain.probes.dropped", null,
      "Probe snapshots dropped because the previous probe was still running"),
  PROBE_FAILURES("idtrain.probe.failures", "failures",
      "Probes that could not be scored (their figures are missing; training went on)"),
  CHECKPOINTS("idtrain.checkpoints", "checkpoints", "Checkpoints written"),
  ROLLBACKS("idtrain.rollbacks", "rollbacks", "Rollbacks to a checkpoint after divergence");

  final String meter;
  /** Null where the name ends with none ("dropped" is not a unit). */
  final String baseUnit;
  final String description;

  Counter(String meter, String baseUnit, String description) {
    this.meter = meter;
    this.baseUnit = baseUnit;
    this.description = description;
  }
}
