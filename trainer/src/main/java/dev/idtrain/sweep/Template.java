package dev.idtrain.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A text resource beside this class with {@code ${name}} placeholders, filled in order. */
final class Template {
  private Template() {}

  /**
   * Values are put in in the map's order, and the text a value brings is searched for the names
   * after it: free text (a grid's own) goes last.
   */
  static String fill(String resource, Map<String, String> values) {
    String text;
    try (InputStream in = Template.class.getResourceAsStream(resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("${" + value.getKey() + "}", value.getValue());
    }
    return text;
  }
}
