package dev.idtrain.deploy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executables of the Debian packages CI installs ({@code prometheus},
 * {@code prometheus-alertmanager}, Slurm's). A missing one fails the build naming its package: a
 * test that did not run must not pass.
 */
final class DebianPackage {
  private DebianPackage() {}

  /** The first {@code name} on {@code PATH} or in {@code /usr/sbin}, where daemons are. */
  static Path executable(String debianPackage, String name) {
    return executable(debianPackage, name, null);
  }

  /** {@code $<OVERRIDE>} if set, else as {@link #executable(String, String)}. */
  static Path executable(String debianPackage, String name, String override) {
    String configured = override == null ? null : System.getenv(override);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        throw new AssertionError(override + "=" + configured + " is not an executable file");
      }
      return path;
    }
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(name + " not found on PATH. Install the Debian package `"
        + debianPackage + "` (apt-get install " + debianPackage + "), which CI installs"
        + (override == null ? "." : ", or set " + override + " to the " + name + " executable."));
  }
}
