package dev.idtrain.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process, as the kernel accounts it (JVM heap, native and engine). */
final class Memory {
  private Memory() {}

  static double residentMb() {
    return status("VmRSS:");
  }

  static double peakResidentMb() {
    return status("VmHWM:");
  }

  private static double status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
