package dev.idtrain.report;

import dev.idtrain.run.ProbeRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    List<ProbeRow> rows;
    try {
      rows = ProbeRow.parseAll(text, (line, content) -> {
        throw new ReportInputException(file + ":" + line + ": not a probe line: '" + content + "'");
      });
    } catch (IllegalArgumentException e) {
      throw new ReportInputException(file + ": " + e.getMessage());
    }
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i).step() <= rows.get(i - 1).step()) {
        // Every line before this one is a probe: row i is on line i + 2.
        throw new ReportInputException(file + ":" + (i + 2) + ": step " + rows.get(i).step()
            + " does not follow step " + rows.get(i - 1).step());
      }
    }
    return rows;
  }
}
