package dev.idtrain.report;

import dev.idtrain.run.ProbeRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads every probe of a probes.csv, with errors that name the file and the line. */
final class ProbesCsv {
  private ProbesCsv() {}

  static List<ProbeRow> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ReportInputException(file + ": cannot read (" + e + ")");
    }
    String[] lines = text.split("\n", -1);
    ProbeRow.Columns columns;
    try {
      columns = ProbeRow.Columns.of(lines[0]);
    } catch (IllegalArgumentException e) {
      throw new ReportInputException(file + ": " + e.getMessage());
    }
    List<ProbeRow> rows = new ArrayList<>();
    // The element after the last newline is empty, or a line a running (or killed) run has
    // not finished writing: it is not a probe yet.
    for (int i = 1; i < lines.length - 1; i++) {
      ProbeRow row;
      try {
        row = columns.parse(lines[i]);
      } catch (IllegalArgumentException e) {
        throw new ReportInputException(file + ":" + (i + 1) + ": not a probe line: '" + lines[i] + "'");
      }
      if (!rows.isEmpty() && row.step() <= rows.get(rows.size() - 1).step()) {
        throw new ReportInputException(file + ":" + (i + 1) + ": step " + row.step()
            + " does not follow step " + rows.get(rows.size() - 1).step());
      }
      rows.add(row);
    }
    return rows;
  }
}
