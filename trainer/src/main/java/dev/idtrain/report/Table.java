package dev.idtrain.report;

import java.util.List;

/** A table as text cells, built once and rendered as markdown and as HTML alike. */
record Table(List<String> header, List<List<String>> rows) implements Document.Part {}
