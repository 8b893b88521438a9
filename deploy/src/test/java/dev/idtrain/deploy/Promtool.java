package dev.idtrain.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool} from the Debian package {@code prometheus}, which CI installs with
 * apt-get. A missing promtool fails the build with a message saying so: rules that were never
 * checked must not pass as tested.
 */
public final class Promtool {

  /** Exit code and combined stdout and stderr of one promtool run. */
  public record Result(int exitCode, String output) {}

  private static final long TIMEOUT_SECONDS = 60;

  private Promtool() {}

  /** The promtool executable: {@code $PROMTOOL} if set, else the first one on {@code PATH}. */
  public static Path executable() {
    return DebianPackage.executable("prometheus", "promtool", "PROMTOOL");
  }

  /** Runs {@code promtool args...} in {@code workDir}. */
  public static Result run(Path workDir, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable().toString());
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    // promtool prints little; reading to the end before waiting cannot block on a full pipe.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool " + args + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    return new Result(process.exitValue(), output);
  }
}
