package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.run.ProbeRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What every fault must leave in a run directory, checked after the fact. */
final class RunDirectoryFaults {
  private RunDirectoryFaults() {}

  /** Temporary files of writes that never finished. */
  static List<Path> temporaryFiles(Path run) {
    try (Stream<Path> files = Files.walk(run)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** probes.csv: the header, then whole lines with strictly increasing steps (none twice). */
  static long lastProbeStep(Path run) throws IOException {
    String text = Files.readString(run.resolve("probes.csv"));
    assertThat(text).as("probes.csv ends with a whole line").endsWith("\n");
    List<String> lines = text.lines().toList();
    assertThat(lines.get(0)).isEqualTo(ProbeRow.HEADER);
    int columns = ProbeRow.HEADER.split(",").length;
    long previous = -1;
    for (String line : lines.subList(1, lines.size())) {
      assertThat(line.split(",", -1)).as("a whole line: " + line).hasSize(columns);
      long step = Long.parseLong(line.substring(0, line.indexOf(',')));
      assertThat(step).as("steps strictly increase, none twice: " + lines).isGreaterThan(previous);
      previous = step;
    }
    return previous;
  }

  /** The step of the newest checkpoint, after checking every checkpoint's checksum. */
  static long newestCheckpoint(Path run) throws IOException {
    CheckpointStore store = new CheckpointStore(run.resolve("checkpoints"), Integer.MAX_VALUE);
    long newest = -1;
    for (Path file : store.files()) {
      newest = Math.max(newest, CheckpointStore.read(file).step());
    }
    return newest;
  }
}
