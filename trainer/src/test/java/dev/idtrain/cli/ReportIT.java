package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code idtrain report} over real runs: two points (K = 100 and K = 10, both in the paper's
 * Tab. 3) × two seeds, trained by the daemon for a few hundred steps; the table's figures are
 * recomputed here from each run's probes.csv.
 */
class ReportIT {
  private static final List<String> SMALL = List.of("--steps", "300", "--set", "dgp.conditionPool=200",
      "--set", "train.batchSize=256", "--set", "probe.samples=1024", "--set", "probe.every=50",
      "--set", "telemetry.enabled=false");

  @TempDir Path dir;

  @Test
  void tableRowsAreThePointsWithThePapersFiguresAndTheRunsOwnNumbers() throws Exception {
    Path sweep = dir.resolve("sweep");
    for (int classes : new int[] {100, 10}) {
      for (int seed = 0; seed < 2; seed++) {
        List<String> args = new ArrayList<>(List.of("run", "--run-dir",
            sweep.resolve("k" + classes + "-s" + seed).toString(),
            "--set", "dgp.classes=" + classes, "--set", "run.seed=" + seed));
        args.addAll(SMALL);
        assertThat(Main.execute(new PrintWriter(new StringWriter(), true), args.toArray(String[]::new)))
            .isZero();
      }
    }

    Path html = dir.resolve("out/report.html");
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), "report", sweep.toString(), "--out", html.toString());
    assertThat(code).as(err.toString()).isZero();

    List<String> lines = Files.readAllLines(dir.resolve("out/report.md"));
    // The points table: its fourth cell is the number of seeds.
    List<String> rows = lines.stream()
        .filter(line -> line.matches("\\| \\d+ \\| [^|]+ \\| [^|]+ \\| \\d+ \\|.*")).toList();
    assertThat(rows).hasSize(2);
    assertThat(lines).as("each point's provenance, precision resolved")
        .anySatisfy(line -> assertThat(line).matches("\\| 1 \\| dgp.classes=10 \\| cpu (fp32|bf16), idtrain .*"));
    assertThat(rows.get(0)).startsWith("| 1 | dgp.classes=10 | Tab. 3 k10 | 2 | 97.5 | "
        + recomputed(sweep, "k10", "r2_affine"));
    assertThat(rows.get(1)).startsWith("| 2 | dgp.classes=100 | Tab. 3 base, kappa10 | 2 | 99.8 | "
        + recomputed(sweep, "k100", "r2_affine"));
    assertThat(rows.get(1)).contains("| " + recomputed(sweep, "k100", "cluster_r2") + " |");
    for (String point : List.of("k10", "k100")) {
      assertThat(rows).anySatisfy(row -> assertThat(row)
          .contains("| " + recomputed(sweep, point, "orthogonality_mae") + " |"));
    }
    for (String image : List.of("report-summary.png", "report-r2-1.png", "report-r2-2.png")) {
      byte[] png = Files.readAllBytes(dir.resolve("out").resolve(image));
      assertThat(png).as(image).hasSizeGreaterThan(1000);
      assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
    assertThat(Files.readString(html)).contains("data:image/png;base64,").doesNotContain("http");
  }

  /**
   * Each seed's median of its last five probes of {@code column}, then mean ± sample std over
   * the two seeds, formatted as the report does (R² in percent).
   */
  private static String recomputed(Path sweep, String point, String column) throws IOException {
    double[] finals = new double[2];
    for (int seed = 0; seed < 2; seed++) {
      List<String> lines = Files.readAllLines(sweep.resolve(point + "-s" + seed).resolve("probes.csv"));
      int index = Arrays.asList(lines.get(0).split(",")).indexOf(column);
      double[] last = lines.subList(lines.size() - 5, lines.size()).stream()
          .mapToDouble(line -> Double.parseDouble(line.split(",")[index])).sorted().toArray();
      finals[seed] = last[2];
    }
    double mean = (finals[0] + finals[1]) / 2;
    double std = Math.abs(finals[0] - finals[1]) / Math.sqrt(2);
    boolean percent = column.contains("r2");
    String format = percent ? "%.2f ± %.2f" : "%.4f ± %.4f";
    double scale = percent ? 100 : 1;
    return String.format(Locale.ROOT, format, mean * scale, std * scale);
  }
}
