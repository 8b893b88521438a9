package dev.idtrain.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a server's or a daemon's log, for a failing test's message. */
final class LogTail {
  private LogTail() {}

  static String of(Path log, int lines) {
    try {
      return last(Files.readAllLines(log, StandardCharsets.UTF_8), lines);
    } catch (IOException e) {
      return "cannot read " + log + ": " + e;
    }
  }

  static String last(List<String> all, int lines) {
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
