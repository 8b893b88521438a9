package dev.idtrain.sweep;

import dev.idtrain.run.ProbeRow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A run's latest probe, read from the end of its {@code probes.csv}: at most the last 4 KiB,
 * whatever the file's length, so the sweep's overview can ask for every run on every refresh.
 * The run may be appending: a last line without its newline is not complete yet and is skipped.
 */
final class ProbeTail {
  private static final int TAIL_BYTES = 4096;

  private ProbeTail() {}

  /** The last complete probe line of {@code csv}; empty when there is none (or no file). */
  static Optional<ProbeRow> read(Path csv) {
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
    try {
      // The window may not reach the header: the columns are those written.
      return Optional.of(ProbeRow.Columns.WRITTEN.parse(line));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // the header, or a line cut by the 4 KiB window
    }
  }
}
