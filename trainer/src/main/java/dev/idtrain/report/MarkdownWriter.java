package dev.idtrain.report;

import java.util.List;

/** The report as markdown, its images referenced as files beside it. */
final class MarkdownWriter {
  private MarkdownWriter() {}

  static String render(Document doc) {
    StringBuilder out = new StringBuilder("# ").append(Document.TITLE).append("\n\n");
    doc.notes().forEach(note -> out.append(note).append("\n\n"));
    for (Document.Section section : doc.sections()) {
      out.append("## ").append(section.heading()).append("\n\n");
      for (Document.Part part : section.parts()) {
        if (part instanceof Document.Text text) {
          out.append(text.text()).append("\n\n");
        } else if (part instanceof Table table) {
          table(out, table);
        } else if (part instanceof Document.Image image) {
          image(out, image);
        }
      }
    }
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
