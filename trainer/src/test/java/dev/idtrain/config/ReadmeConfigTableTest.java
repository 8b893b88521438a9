package dev.idtrain.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the code's: every key, with the default it really has. */
class ReadmeConfigTableTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([a-zA-Z]+\\.[a-zA-Z]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

  @Test
  void everyKeyIsDocumentedWithItsDefault() throws IOException {
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher row = ROW.matcher(Files.readString(Path.of("..", "README.md")));
    while (row.find()) {
      documented.put(row.group(1), row.group(2).trim());
    }
    Map<String, String> defaults = defaults();

    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(defaults.keySet());
    defaults.forEach((key, value) -> {
      String cell = documented.get(key);
      if (value.isEmpty()) {
        // Derived from other keys (run.id, dgp.noiseScale): the README says how.
        assertThat(cell).as(key).isNotEmpty();
      } else if (isNumber(value)) {
        assertThat(isNumber(cell) ? Double.parseDouble(cell) : null).as(key)
            .isEqualTo(Double.parseDouble(value));
      } else {
        assertThat(cell).as(key).isEqualTo(value);
      }
    });
  }

  /** Every dotted key with its {@link Default}, read from the configuration records. */
  private static Map<String, String> defaults() {
    Map<String, String> out = new LinkedHashMap<>();
    for (RecordComponent section : Config.class.getRecordComponents()) {
      for (RecordComponent key : section.getType().getRecordComponents()) {
        out.put(section.getName() + "." + key.getName(), key.getAnnotation(Default.class).value());
      }
    }
    return out;
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
