package dev.idtrain.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports committed under docs/reproduction/ are what {@code bin/idtrain report} makes of
 * the run records committed beside them: every table row, to the digit.
 */
class CommittedReportTest {
  private static final Path REPRODUCTION = Path.of("..", "docs", "reproduction");

  @TempDir Path dir;

  @Test
  void theScheduleReportIsRegeneratedFromItsRunRecords() throws IOException {
    Report.Written written = Report.write(List.of(REPRODUCTION.resolve("schedule")),
        dir.resolve("report.html"));
    assertThat(written.runs()).isEqualTo(12);
    List<String> committed = tableRows(REPRODUCTION.resolve("schedule-report/report.md"));
    assertThat(committed).as("points, provenance and runs").hasSize(3 * 2 + 6 + 6 + 12);
    assertThat(tableRows(written.markdown())).containsExactlyElementsOf(committed);
  }

  private static List<String> tableRows(Path markdown) throws IOException {
    return Files.readAllLines(markdown).stream().filter(line -> line.startsWith("|")).toList();
  }
}
