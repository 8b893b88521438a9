package dev.idtrain.sweep;

import dev.idtrain.run.ProbeLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A run's latest probe, read from the end of its {@code probes.csv}: at most the last 4 KiB,
 * whatever the file's length, so the sweep's overview can ask for every run on every refresh.
 * The run may be appending: a last line without its newline is not complete yet and is skipped.
 */
record ProbeTail(long step, double r2, double clusterR2) {
  private static final int TAIL_BYTES = 4096;
  private static final List<String> COLUMNS = Arrays.asList(ProbeLog.HEADER.split(","));
  private static final int STEP = COLUMNS.indexOf("step");
  private static final int R2 = COLUMNS.indexOf("r2_affine");
  private static final int CLUSTER_R2 = COLUMNS.indexOf("cluster_r2");

  /** The last complete probe line of {@code csv}; empty when there is none (or no file). */
  static Optional<ProbeTail> read(Path csv) {
    String tail;
    try (FileChannel in = FileChannel.open(csv)) {
      long size = in.size();
      ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(size, TAIL_BYTES));
      long at = size - bytes.capacity();
      while (bytes.hasRemaining() && in.read(bytes, at + bytes.position()) >= 0) {
        // read until the buffer is full: the file only grows
      }
      tail = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty(); // not started yet, or unreadable: nothing to show
    }
    int end = tail.lastIndexOf('\n');
    if (end < 0) {
      return Optional.empty();
    }
    String line = tail.substring(tail.lastIndexOf('\n', end - 1) + 1, end);
    String[] fields = line.split(",", -1);
    if (fields.length != COLUMNS.size()) {
      return Optional.empty(); // the header, or a line cut by the 4 KiB window
    }
    try {
      return Optional.of(new ProbeTail(Long.parseLong(fields[STEP]), number(fields[R2]),
          number(fields[CLUSTER_R2])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static double number(String field) {
    return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
  }
}
