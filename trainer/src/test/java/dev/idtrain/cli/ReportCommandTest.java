package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.config.ConfigLoader;
import dev.idtrain.config.ConfigView;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code idtrain report}: what it refuses (exit 2, the path named, nothing written). */
class ReportCommandTest {
  private static final String PROBES = "step,elapsed_s,loss,r2_affine,r2_linear,"
      + "orthogonality_mae,cluster_r2,alignment,accuracy,temperature_ratio\n"
      + "100,1.0,1.0,0.9,0.9,0.1,0.8,0.5,0.5,NaN\n";

  @TempDir Path dir;

  static Stream<Arguments> refused() {
    return Stream.of(
        refusal("no such directory", root -> root.resolve("missing"), "missing: not a directory"),
        refusal("a directory without runs", root -> mkdir(root.resolve("empty")),
            "empty: not a run directory (no config.yaml) and holds no run directories"),
        refusal("no probes.csv", root -> {
          Path run = run(root.resolve("run"));
          delete(run.resolve("probes.csv"));
          return run;
        }, "run: not a run directory (no probes.csv)"),
        refusal("a torn probes.csv line", root -> {
          Path run = run(root.resolve("run"));
          write(run.resolve("probes.csv"), PROBES + "200,2.0,oops\n");
          return run;
        }, "run/probes.csv:3: not a probe line: '200,2.0,oops'"),
        refusal("probes.csv without its columns", root -> {
          Path run = run(root.resolve("run"));
          write(run.resolve("probes.csv"), "step,loss\n");
          return run;
        }, "run/probes.csv: no column 'elapsed_s'"),
        refusal("a summary.json that is not one", root -> {
          Path run = run(root.resolve("run"));
          write(run.resolve("summary.json"), "{\"state\": ");
          return run;
        }, "run/summary.json: cannot read"),
        refusal("a config.yaml with an unknown key", root -> {
          Path run = run(root.resolve("run"));
          write(run.resolve("config.yaml"), "dgp:\n  dims: 5\n");
          return run;
        }, "run/config.yaml: dgp.dims: unknown key"),
        refusal("two runs of one point and seed", root -> {
          run(root.resolve("sweep/a"));
          run(root.resolve("sweep/b"));
          return root.resolve("sweep");
        }, "two runs of the same point with run.seed=0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void isRefusedWithThePathNamedAndNothingWritten(String name, Function<Path, Path> input,
      String message) {
    Path given = input.apply(dir);
    Path out = dir.resolve("out/report.html");
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), "report", given.toString(), "--out", out.toString());
    assertThat(code).isEqualTo(ExitCode.REFUSED.code);
    assertThat(err.toString()).startsWith("idtrain: ").contains(message).hasLineCount(1);
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void oneRunDirectoryGivesAOneRowReportInsideIt() throws IOException {
    Path run = run(dir.resolve("run"));
    int code = Main.execute(new PrintWriter(new StringWriter(), true), "report", run.toString());
    assertThat(code).isZero();
    List<String> rows = Files.readAllLines(run.resolve("report.md")).stream()
        .filter(line -> line.matches("\\| \\d+ \\| defaults \\| [^|]+ \\| \\d+ \\|.*")).toList();
    assertThat(rows).singleElement().asString()
        .startsWith("| 1 | defaults | Tab. 3 base, kappa10 | 1 | 99.8 | 90.00 | -9.80 |");
    assertThat(run.resolve("report.html")).isNotEmptyFile();
    assertThat(run.resolve("report-r2-1.png")).isNotEmptyFile();
  }

  private static Arguments refusal(String name, Function<Path, Path> input, String message) {
    return Arguments.of(name, input, message);
  }

  private static Path run(Path dir) {
    mkdir(dir);
    write(dir.resolve("config.yaml"), ConfigView.toYaml(ConfigLoader.defaults()));
    write(dir.resolve("probes.csv"), PROBES);
    write(dir.resolve("summary.json"), "{\"state\": \"stopped\", \"steps\": 100}");
    return dir;
  }

  private static Path mkdir(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
