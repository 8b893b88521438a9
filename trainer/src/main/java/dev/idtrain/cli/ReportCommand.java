package dev.idtrain.cli;

import dev.idtrain.report.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code idtrain report DIR... [--out FILE]}: the reproduction report over run directories. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Report runs grouped by point across seeds, beside the paper's figures: "
        + "an HTML page (self-contained) and a markdown file with PNG charts beside it.")
final class ReportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", arity = "1..*",
      description = "A run directory, or a directory of them (a sweep's).")
  List<Path> dirs;

  @Option(names = "--out", paramLabel = "FILE", description = "The HTML page to write; the "
      + "markdown and the charts go beside it (default: report.html in DIR when one DIR is "
      + "given, else in the current directory).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path html = out != null ? out
        : dirs.size() == 1 ? dirs.get(0).resolve("report.html") : Path.of("report.html");
    Report.Written written = Report.write(dirs, html);
    System.out.printf("report of %d run(s) in %d point(s): %s, %s and %d charts%n",
        written.runs(), written.points(), written.html(), written.markdown(),
        written.images().size());
    return ExitCode.OK.code;
  }
}
