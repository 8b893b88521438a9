package dev.idtrain.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads probes.csv by its header's column names, so added columns do not matter. */
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
    List<String> header = Arrays.asList(lines[0].strip().split(","));
    int step = column(file, header, "step");
    int elapsed = column(file, header, "elapsed_s");
    int r2 = column(file, header, "r2_affine");
    int cluster = column(file, header, "cluster_r2");
    int orthogonality = column(file, header, "orthogonality_mae");
    List<ProbeRow> rows = new ArrayList<>();
    // The element after the last newline is empty, or a line a running (or killed) run has
    // not finished writing: it is not a probe yet.
    for (int i = 1; i < lines.length - 1; i++) {
      String[] cells = lines[i].strip().split(",");
      try {
        ProbeRow row = new ProbeRow(Long.parseLong(cells[step]), Double.parseDouble(cells[elapsed]),
            Double.parseDouble(cells[r2]), Double.parseDouble(cells[cluster]),
            Double.parseDouble(cells[orthogonality]));
        if (!rows.isEmpty() && row.step() <= rows.get(rows.size() - 1).step()) {
          throw new ReportInputException(file + ":" + (i + 1) + ": step " + row.step()
              + " does not follow step " + rows.get(rows.size() - 1).step());
        }
        rows.add(row);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new ReportInputException(file + ":" + (i + 1) + ": not a probe line: '" + lines[i] + "'");
      }
    }
    return rows;
  }

  private static int column(Path file, List<String> header, String name) {
    int index = header.indexOf(name);
    if (index < 0) {
      throw new ReportInputException(file + ": no column '" + name + "' in its header");
    }
    return index;
  }
}
