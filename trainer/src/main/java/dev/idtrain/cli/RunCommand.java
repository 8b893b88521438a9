package dev.idtrain.cli;

import dev.idtrain.config.Config;
import dev.idtrain.run.RunRecord;
import dev.idtrain.run.RunSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code idtrain run}: the daemon. Resumes the run directory's newest checkpoint if there is
 * one, trains until stopped (SIGTERM/SIGINT: the step in progress finishes, a checkpoint and
 * summary.json are written, exit 0) or until the step count reaches --steps, serving metrics.
 * A second process on the same run directory is refused (exit 2) while the first holds its lock.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Train on the configured experiment until stopped (SIGTERM/SIGINT) or --steps.")
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--steps", paramLabel = "N",
      description = "Stop once the run's step count reaches N (default: run until stopped).")
  long steps = Long.MAX_VALUE;

  @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default: runs/<run.id>).")
  Path runDir;

  @Option(names = "--target-file", paramLabel = "FILE", description = "While serving metrics, list"
      + " the endpoint in FILE for Prometheus's file-based discovery (file_sd_configs); removed"
      + " on exit.")
  Path targetFile;

  @Override
  public Integer call() throws Exception {
    Config config = options.load();
    try (RunSession session = RunSession.open(config, runDir, steps, System.out)) {
      if (targetFile != null) {
        session.listEndpointIn(targetFile);
      }
      Signal.handle(new Signal("TERM"), signal -> session.stop());
      Signal.handle(new Signal("INT"), signal -> session.stop());
      session.start();
      RunRecord record = session.awaitEnd();
      List<String> unwritten = record.unwritten();
      if (record.failed()) {
        System.err.println("idtrain: run failed: " + record.reason());
      } else if (!unwritten.isEmpty()) {
        System.err.println("idtrain: stopped at step " + record.step() + " but could not write "
            + String.join(", ", unwritten) + "; the run resumes from its checkpoint at step "
            + record.checkpointStep());
      }
      session.linger(Duration.ofSeconds(config.telemetry().lingerSeconds()), System.out);
      return (record.failed() ? ExitCode.FAILED : unwritten.isEmpty() ? ExitCode.OK
          : ExitCode.UNWRITTEN).code;
    }
  }
}
