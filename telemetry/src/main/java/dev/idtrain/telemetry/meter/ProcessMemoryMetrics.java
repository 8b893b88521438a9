package dev.idtrain.telemetry.meter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code process_resident_memory_bytes}: the resident set size, as the Prometheus client
 * libraries of other languages export it. Micrometer has no such meter, and the JVM's own
 * figures (heap, non-heap) miss the native memory the training engine allocates, which is what
 * grows when NDArrays leak. Read from {@code /proc/self/status} (Linux); on systems without it
 * the meter is not registered.
 */
public final class ProcessMemoryMetrics implements MeterBinder {
  private static final ProcessMemoryMetrics SELF = new ProcessMemoryMetrics();

  private final Path status;

  ProcessMemoryMetrics() {
    this(Path.of("/proc/self/status"));
  }

  ProcessMemoryMetrics(Path status) {
    this.status = status;
  }

  /** This process's resident set size in bytes; NaN where the system does not say. */
  public static double residentBytes() {
    return SELF.read("VmRSS:");
  }

  /** The largest resident set size this process has had, in bytes; NaN where unknown. */
  public static double peakResidentBytes() {
    return SELF.read("VmHWM:");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (Double.isNaN(read("VmRSS:"))) {
      return;
    }
    Gauge.builder("process.resident.memory", this, m -> m.read("VmRSS:"))
        .baseUnit("bytes")
        .description("Resident set size of the process (all memory, native included)")
        .strongReference(true)
        .register(registry);
  }

  /** A kB line of the status file ({@code VmRSS:}, {@code VmHWM:}) in bytes; NaN if unreadable. */
  double read(String field) {
    try {
      String text = Files.readString(status, StandardCharsets.US_ASCII);
      int at = text.indexOf(field);
      if (at < 0) {
        return Double.NaN;
      }
      int end = text.indexOf('\n', at);
      String[] parts = text.substring(at + field.length(), end < 0 ? text.length() : end).trim().split("\\s+");
      long kib = Long.parseLong(parts[0]);
      return kib * 1024.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
