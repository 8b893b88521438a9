package dev.idtrain.report;

import java.util.Base64;
import java.util.List;

/** The report as one self-contained HTML page: styles inline, images as data URIs. */
final class HtmlWriter {
  private static final String STYLE = """
      body { font-family: sans-serif; margin: 2em; color: #222; }
      table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
      th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
      th { background: #f0f0f0; }
      td:nth-child(2) { text-align: left; }
      img { display: block; max-width: 100%; margin: 1em 0; }
      """;

  private HtmlWriter() {}

  static String render(Document doc) {
    StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
        + "<meta charset=\"utf-8\">\n<title>" + Document.TITLE + "</title>\n<style>\n" + STYLE
        + "</style>\n</head>\n<body>\n<h1>" + Document.TITLE + "</h1>\n");
    doc.notes().forEach(note -> paragraph(out, note));
    for (Document.Section section : doc.sections()) {
      out.append("<h2>").append(escape(section.heading())).append("</h2>\n");
      for (Document.Part part : section.parts()) {
        if (part instanceof Document.Text text) {
          paragraph(out, text.text());
        } else if (part instanceof Table table) {
          table(out, table);
        } else if (part instanceof Document.Image image) {
          image(out, image);
        }
      }
    }
    return out.append("</body>\n</html>\n").toString();
  }

  private static void paragraph(StringBuilder out, String text) {
    out.append("<p>").append(escape(text)).append("</p>\n");
  }

  private static void table(StringBuilder out, Table table) {
    out.append("<table>\n");
    row(out, "th", table.header());
    table.rows().forEach(row -> row(out, "td", row));
    out.append("</table>\n");
  }

  private static void row(StringBuilder out, String tag, List<String> cells) {
    out.append("<tr>");
    cells.forEach(cell -> out.append('<').append(tag).append('>').append(escape(cell))
        .append("</").append(tag).append('>'));
    out.append("</tr>\n");
  }

  private static void image(StringBuilder out, Document.Image image) {
    out.append("<img alt=\"").append(escape(image.caption())).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(image.png())).append("\">\n");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
