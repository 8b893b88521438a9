package dev.idtrain.cli;

import dev.idtrain.config.ConfigException;
import dev.idtrain.run.RunDirectoryException;
import dev.idtrain.telemetry.TelemetryBindException;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import dev.idtrain.run.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code idtrain run | bench}. Exit codes: 0 done, 2 a configuration (or a metrics port, or a run
 * directory in use or not writable) the run refuses, before anything is written; 3 a run that
 * diverged beyond its rollbacks; 4 a stopped run whose final state could not be written.
 */
@Command(name = "idtrain", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    subcommands = {RunCommand.class, BenchCommand.class, SweepCommand.class, ReportCommand.class},
    description = "Trains an encoder with cross-entropy on a known generative process and "
        + "measures, live, how well it inverts it.")
public final class Main {
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_ERROR = 1;

  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"idtrain " + Version.get()};
    }
  }

  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.err, true), args));
  }

  /** Runs a command line, reporting refusals and failures to {@code err}; returns the exit code. */
  static int execute(PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main()).setErr(err);
    cli.setExecutionExceptionHandler((error, command, parsed) -> {
      if (error instanceof ConfigException || error instanceof TelemetryBindException
          || error instanceof RunDirectoryException) {
        command.getErr().println("idtrain: " + error.getMessage());
        return EXIT_USAGE;
      }
      LoggerFactory.getLogger(Main.class).error("unexpected failure", error);
      command.getErr().println("idtrain: failed: " + rootCause(error));
      return EXIT_ERROR;
    });
    return cli.execute(args);
  }

  private static String rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.toString();
  }
}
