package dev.idtrain.telemetry;

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
final class ProcessMemoryMetrics implements MeterBinder {

  private final Path status;

  ProcessMemoryMetrics() {
    this(Path.of("/proc/self/status"));
  }

  ProcessMemoryMetrics(Path status) {
    this.status = status;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (Double.isNaN(residentBytes())) {
      return;
    }
    Gauge.builder("process.resident.memory", this, ProcessMemoryMetrics::residentBytes)
        .baseUnit("bytes")
        .description("Resident set size of the process (all memory, native included)")
        .strongReference(true)
        .register(registry);
  }

  /** The {@code VmRSS} line of the status file, in bytes; NaN if unreadable. */
  double residentBytes() {
    try {
      String text = Files.readString(status, StandardCharsets.US_ASCII);
      int at = text.indexOf("VmRSS:");
      if (at < 0) {
        return Double.NaN;
      }
      int end = text.indexOf('\n', at);
      String[] parts = text.substring(at + 6, end < 0 ? text.length() : end).trim().split("\\s+");
      long kib = Long.parseLong(parts[0]);
      return kib * 1024.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
