package dev.idtrain.cli;

import dev.idtrain.config.ConfigException;
import dev.idtrain.report.ReportInputException;
import dev.idtrain.run.RunDirectoryException;
import dev.idtrain.telemetry.http.TelemetryBindException;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import dev.idtrain.run.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code idtrain run | bench | sweep | report}, with the exit codes of {@link ExitCode}. */
@Command(name = "idtrain", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    subcommands = {RunCommand.class, BenchCommand.class, SweepCommand.class, ReportCommand.class},
    description = "Trains an encoder with cross-entropy on a known generative process and "
        + "measures, live, how well it inverts it.")
public final class Main {
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
      if (refusal(error)) {
        command.getErr().println("idtrain: " + error.getMessage());
        return ExitCode.REFUSED.code;
      }
      LoggerFactory.getLogger(Main.class).error("unexpected failure", error);
      command.getErr().println("idtrain: failed: " + rootCause(error));
      return ExitCode.ERROR.code;
    });
    return cli.execute(args);
  }

  /** The library's refusals: input it cannot use, said in one line naming it. */
  private static boolean refusal(Throwable error) {
    return error instanceof ConfigException || error instanceof TelemetryBindException
        || error instanceof RunDirectoryException || error instanceof ReportInputException;
  }

  private static String rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.toString();
  }
}
