package dev.idtrain.report;

import java.util.List;

/** The report as markdown, its images referenced as files beside it. */
final class MarkdownWriter {
  private MarkdownWriter() {}

  static String render(Document doc) {
    StringBuilder out = new StringBuilder("# ").append(Document.TITLE).append("\n\n");
    doc.notes().forEach(note -> out.append(note).append("\n\n"));
    out.append("## Points\n\n");
    table(out, doc.points());
    image(out, doc.summary());
    out.append("## R² over steps\n\n");
    doc.curves().forEach(curve -> image(out, curve));
    out.append("## Runs\n\n");
    table(out, doc.runs());
    return out.toString();
  }

  private static void table(StringBuilder out, Table table) {
    row(out, table.header());
    out.append("|").append("---|".repeat(table.header().size())).append('\n');
    table.rows().forEach(row -> row(out, row));
    out.append('\n');
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append('|');
    cells.forEach(cell -> out.append(' ').append(cell.replace("|", "\\|")).append(" |"));
    out.append('\n');
  }

  private static void image(StringBuilder out, Document.Image image) {
    out.append("![").append(image.caption()).append("](").append(image.file()).append(")\n\n");
  }
}
