package dev.idtrain.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports committed under docs/reproduction/ are what {@code bin/idtrain report} makes of
 * the run records committed beside them: every table row, to the digit.
 */
class CommittedReportTest {
  private static final Path REPRODUCTION = Path.of("..", "docs", "reproduction");

  @TempDir Path dir;

  /** Each study's run records (its directory), and how many runs and points they hold. */
  @ParameterizedTest
  @CsvSource({"schedule, 12, 6", "paper, 138, 46"})
  void aCommittedReportIsRegeneratedFromItsRunRecords(String study, int runs, int points)
      throws IOException {
    Report.Written written = Report.write(List.of(REPRODUCTION.resolve(study)),
        dir.resolve("report.html"));
    assertThat(written.runs()).isEqualTo(runs);
    assertThat(written.points()).isEqualTo(points);
    List<String> committed = tableRows(REPRODUCTION.resolve(study + "-report/report.md"));
    assertThat(committed).as("points, provenance and runs: headers, rules and rows")
        .hasSize(3 * 2 + points + points + runs);
    assertThat(tableRows(written.markdown())).containsExactlyElementsOf(committed);
  }

  private static List<String> tableRows(Path markdown) throws IOException {
    return Files.readAllLines(markdown).stream().filter(line -> line.startsWith("|")).toList();
  }
}
