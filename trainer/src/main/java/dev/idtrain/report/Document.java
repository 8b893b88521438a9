package dev.idtrain.report;

import java.util.List;

/**
 * What a report says, independent of its format: the markdown and the HTML writer render the
 * same document.
 *
 * @param notes plain sentences: what was read, the settings all points share, how to read it
 * @param summary the measured-vs-paper chart
 * @param curves one R² chart per point, in the points table's order
 */
record Document(List<String> notes, Table points, Image summary, List<Image> curves, Table runs) {
  /** A PNG chart, named by the file it gets beside the markdown. */
  record Image(String file, String caption, byte[] png) {}

  static final String TITLE = "idtrain report";
}
