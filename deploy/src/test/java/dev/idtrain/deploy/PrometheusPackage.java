package dev.idtrain.deploy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executables of Debian's {@code prometheus} package, which CI installs. A missing one fails
 * the build naming the package: a rule or end-to-end test that did not run must not pass.
 */
final class PrometheusPackage {
  private PrometheusPackage() {}

  /** {@code $<OVERRIDE>} if set, else the first {@code name} on {@code PATH}. */
  static Path executable(String name, String override) {
    String configured = System.getenv(override);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        throw new AssertionError(override + "=" + configured + " is not an executable file");
      }
      return path;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(name + " not found on PATH. Install the Debian package `prometheus` "
        + "(apt-get install prometheus), which CI installs, or set " + override + " to the "
        + name + " executable.");
  }
}
