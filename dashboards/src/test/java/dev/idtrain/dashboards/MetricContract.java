package dev.idtrain.dashboards;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The series the daemon exposes on {@code /metrics}, as Prometheus stores them: a
 * histogram contributes its {@code _bucket}, {@code _sum} and {@code _count} series. Every idtrain
 * series carries the labels {@code run} and {@code objective}. Dashboards and rules may name
 * these, Prometheus's own {@code up}, and recorded series.
 */
public final class MetricContract {

  public static final List<String> COUNTERS =
      List.of(
          "idtrain_steps_total",
          "idtrain_samples_total",
          "idtrain_nonfinite_steps_total",
          "idtrain_probes_dropped_total",
          "idtrain_checkpoints_total",
          "idtrain_rollbacks_total",
          "idtrain_checkpoint_failures_total",
          "idtrain_probe_log_failures_total");

  public static final List<String> GAUGES =
      List.of(
          "idtrain_loss",
          "idtrain_learning_rate",
          "idtrain_grad_norm",
          "idtrain_batch_queue_depth",
          "idtrain_identifiability_r2",
          "idtrain_identifiability_r2_dim",
          "idtrain_orthogonality_mae",
          "idtrain_cluster_r2",
          "idtrain_cluster_r2_linear",
          "idtrain_cluster_orthogonality_mae",
          "idtrain_alignment",
          "idtrain_accuracy",
          "idtrain_temperature_ratio",
          "idtrain_run_info",
          "idtrain_run_state",
          "idtrain_last_probe_step",
          // present only when the paper has a row for the run's configuration
          "idtrain_reference_r2");

  /** Gauges present only for a sprites run ({@code dgp.kind: sprites}), one per factor. */
  public static final List<String> SPRITES =
      List.of(
          "idtrain_factor_correlation",
          "idtrain_factor_r2",
          "idtrain_pixel_baseline_correlation",
          "idtrain_reference_factor_correlation",
          "idtrain_reference_pixel_correlation");

  /** Histograms with buckets from 1 ms to 10 s. */
  public static final List<String> HISTOGRAMS =
      List.of("idtrain_step_seconds", "idtrain_sampler_seconds", "idtrain_probe_seconds");

  /** JVM and process meters, named as Micrometer exports them. */
  public static final List<String> PROCESS =
      List.of(
          "jvm_memory_used_bytes",
          "jvm_memory_max_bytes",
          "jvm_gc_pause_seconds_count",
          "jvm_gc_pause_seconds_sum",
          "jvm_gc_pause_seconds_max",
          "jvm_threads_live_threads",
          "process_cpu_usage",
          "system_cpu_usage",
          "process_files_open_files",
          "process_uptime_seconds",
          "process_resident_memory_bytes");

  /** Series Prometheus itself adds for every scrape target. */
  public static final List<String> SCRAPE = List.of("up");

  private MetricContract() {}

  /** Every series name above, histograms expanded. */
  public static Set<String> series() {
    Set<String> series = new LinkedHashSet<>(COUNTERS);
    series.addAll(GAUGES);
    series.addAll(SPRITES);
    for (String histogram : HISTOGRAMS) {
      series.add(histogram + "_bucket");
      series.add(histogram + "_sum");
      series.add(histogram + "_count");
    }
    series.addAll(PROCESS);
    series.addAll(SCRAPE);
    return series;
  }
}
