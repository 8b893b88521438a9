package dev.idtrain.report;

import java.util.List;

/**
 * What a report says, independent of its format: the markdown and the HTML writer render the
 * same document, section by section.
 *
 * @param notes plain sentences before the first section: what was read, how to read it
 */
record Document(List<String> notes, List<Section> sections) {
  static final String TITLE = "idtrain report";

  /** Every chart, in the order the sections show them. */
  List<Image> images() {
    return sections.stream().flatMap(section -> section.parts().stream())
        .filter(Image.class::isInstance).map(Image.class::cast).toList();
  }

  /** A heading and what follows it, in order. */
  record Section(String heading, List<Part> parts) {
    Section(String heading, Part... parts) {
      this(heading, List.of(parts));
    }
  }

  /** What a section holds: sentences, tables and charts. */
  sealed interface Part permits Text, Table, Image {}

  /** A paragraph. */
  record Text(String text) implements Part {}

  /** A PNG chart, named by the file it gets beside the markdown. */
  record Image(String file, String caption, byte[] png) implements Part {}
}
