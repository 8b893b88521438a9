package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The instructions of a Dockerfile, continuation lines joined and comments dropped. */
record Dockerfile(List<Instruction> instructions) {

  record Instruction(String keyword, String arguments) {}

  static Dockerfile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String text = current.toString().strip();
      current.setLength(0);
      int space = text.indexOf(' ');
      instructions.add(
          new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1).strip()));
    }
    return new Dockerfile(instructions);
  }

  /** Arguments of every instruction with this keyword, in order. */
  List<String> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
  }

  /** The last instruction with this keyword (the one in effect in the final stage). */
  String last(String keyword) {
    List<String> all = all(keyword);
    if (all.isEmpty()) {
      throw new AssertionError("no " + keyword + " in the Dockerfile");
    }
    return all.get(all.size() - 1);
  }

  /** An exec-form (JSON array) instruction's words. */
  List<String> execForm(String keyword) {
    try {
      List<String> words = new ArrayList<>();
      for (JsonNode word : new ObjectMapper().readTree(last(keyword))) {
        words.add(word.asText());
      }
      return words;
    } catch (IOException e) {
      throw new AssertionError(keyword + " is not in exec form: " + last(keyword), e);
    }
  }
}
