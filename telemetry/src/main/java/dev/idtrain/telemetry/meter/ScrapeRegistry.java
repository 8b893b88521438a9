package dev.idtrain.telemetry.meter;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What {@code /metrics} serves: a Prometheus registry holding the run's {@link TrainingMeters},
 * the JVM's and the process's meters, every series labelled with {@code run} and {@code
 * objective} (and a sweep's runs with {@code sweep} and, where their point has a label, {@code
 * point}). One collection is reused by the scrapes of the next {@code scrapeCacheTtl}, and
 * pins the run's figures so that all its series come from the same moment.
 */
public final class ScrapeRegistry implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final JvmHeapPressureMetrics heapPressureMetrics = new JvmHeapPressureMetrics();

  ScrapeRegistry(TrainingMeters meters, Duration scrapeCacheTtl, LongSupplier nanoClock) {
    FigureSource figures = meters.figures();
    CachingRegistry prometheus =
        new CachingRegistry(scrapeCacheTtl, nanoClock, figures::pin, figures::unpin);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, Clock.SYSTEM);
    registry.config().commonTags(
        "run", text(meters.info().run()), "objective", text(meters.info().objective()));
    // A sweep's runs also say which sweep, and which of its points, they belong to.
    if (!text(meters.info().sweep()).isEmpty()) {
      registry.config().commonTags("sweep", meters.info().sweep());
    }
    if (!text(meters.info().point()).isEmpty()) {
      registry.config().commonTags("point", meters.info().point());
    }
    meters.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    heapPressureMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmCompilationMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new ProcessMemoryMetrics().bindTo(registry);
  }

  /** @param scrapeCacheTtl how long a collection is reused; zero collects for every scrape */
  public static ScrapeRegistry create(TrainingMeters meters, Duration scrapeCacheTtl) {
    return new ScrapeRegistry(meters, scrapeCacheTtl, System::nanoTime);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Stops the JVM binders' listeners and closes the registry. */
  @Override
  public void close() {
    gcMetrics.close();
    heapPressureMetrics.close();
    registry.close();
  }

  static String text(String s) {
    return s == null ? "" : s;
  }
}
