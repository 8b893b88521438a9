package dev.idtrain.run;

import dev.idtrain.checkpoint.AtomicFiles;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.RunFile;
import dev.idtrain.event.TrainingEvent.WriteFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code probes.csv}: one whole line per probe, appended as it happens. When a run resumes from
 * (or rolls back to) a checkpoint, lines past that step describe work that was lost; they are
 * cut, along with a line a crash may have torn, so the file tells one trajectory with each step
 * once. Lines kept from a file written under an older header are rewritten under today's, by
 * column name (a column it lacked reads NaN), so one file never mixes two layouts.
 *
 * <p>A write that fails (a full disk) is reported and retried at the next probe: the lines it
 * could not write wait in memory, and whatever part of them reached the file is cut off before
 * they are written again, so recovery never leaves a torn or doubled line.
 */
public final class ProbeLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeLog.class);

  private record Line(long step, String text) {}

  private final Path file;
  private final String header;
  private final Consumer<TrainingEvent> failures;
  private final long openedAt;
  private final List<Line> pending = new ArrayList<>();
  /** Lines past this step are still to be cut from the file; MAX_VALUE when none are. */
  private long cutAfter;
  /** Bytes of whole lines in the file; anything past them is a torn line to cut. */
  private long length;
  private FileChannel out;
  private int failedAttempts;

  private ProbeLog(Path file, String header, long step, Consumer<TrainingEvent> failures) {
    this.file = file;
    this.header = header;
    this.openedAt = step;
    this.cutAfter = step;
    this.failures = failures;
  }

  /**
   * Opens the log as of {@code step}: only whole lines of steps up to it are kept.
   *
   * @param factors the factors the run's probes decode, whose columns follow the others
   * @param failures receives a {@link TrainingEvent.WriteFailed} for every failed write
   */
  static ProbeLog open(Path file, List<String> factors, long step,
      Consumer<TrainingEvent> failures) {
    ProbeLog log = new ProbeLog(file, ProbeRow.header(factors), step, failures);
    log.write(step);
    return log;
  }

  /**
   * The probes the file holds up to the step it was opened at: the trajectory a resumed run
   * continues. Lines that cannot be read (the file could not be cut back yet) are left out.
   */
  List<ProbeRow> kept() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return ProbeRow.parseAll(Files.readString(file, StandardCharsets.UTF_8), (line, text) -> {})
          .stream().filter(row -> row.step() <= openedAt).toList();
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("{}: earlier probes not read back ({})", file, e.getMessage());
      return List.of();
    }
  }

  /** Appends probes; rewinds to the checkpoint a rollback returned to. */
  void record(TrainingEvent event) {
    if (event instanceof TrainingEvent.Probe p) {
      pending.add(new Line(p.step(), format(p)));
    } else if (event instanceof TrainingEvent.RolledBack r) {
      pending.removeIf(line -> line.step() > r.step());
      cutAfter = Math.min(cutAfter, r.step());
    } else {
      return;
    }
    write(event.step());
  }

  /** Brings the file up to date; false if it could not (reported, and retried next time). */
  boolean write(long step) {
    try {
      if (cutAfter != Long.MAX_VALUE) {
        rewind(cutAfter);
        cutAfter = Long.MAX_VALUE;
      }
      if (!pending.isEmpty()) {
        append();
      }
      if (failedAttempts > 0) {
        LOG.info("probes.csv written again after {} failed attempts", failedAttempts);
        failedAttempts = 0;
      }
      return true;
    } catch (IOException e) {
      WriteFailure reason = WriteFailure.of(e);
      if (failedAttempts++ == 0) {
        LOG.warn("probes.csv not written ({}: {}); its lines wait in memory, next attempt at the"
            + " next probe", reason.name().toLowerCase(Locale.ROOT), e.getMessage());
      }
      failures.accept(new TrainingEvent.WriteFailed(step, RunFile.PROBES, reason));
      return false;
    }
  }

  private void append() throws IOException {
    StringBuilder text = new StringBuilder();
    pending.forEach(line -> text.append(line.text()));
    ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    out.truncate(length); // what an earlier failed append left of a line
    long at = length;
    while (buffer.hasRemaining()) {
      at += out.write(buffer, at);
    }
    length = at;
    pending.clear();
  }

  /** Cuts the lines past {@code step} and a torn last line, then appends from there. */
  private void rewind(long step) throws IOException {
    close();
    List<String> kept = new ArrayList<>(List.of(header));
    if (Files.exists(file)) {
      String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
      UnaryOperator<String> relaid = relaid(lines[0]);
      // The last element is what follows the final newline: empty, or a torn line.
      for (int i = 1; i < lines.length - 1; i++) {
        if (stepOf(lines[i]) <= step) {
          kept.add(relaid.apply(lines[i]));
        }
      }
      if (!lines[0].equals(header) || kept.size() != lines.length - 1
          || !lines[lines.length - 1].isEmpty()) {
        AtomicFiles.write(file, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } else {
      AtomicFiles.write(file, (header + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out = FileChannel.open(file, StandardOpenOption.WRITE);
    length = out.size();
  }

  /** A line written under {@code old} laid out under {@link #header}: its cells by column name. */
  private UnaryOperator<String> relaid(String old) {
    if (old.equals(header)) {
      return UnaryOperator.identity();
    }
    List<String> names = List.of(old.split(",", -1));
    int[] from = Stream.of(header.split(",", -1)).mapToInt(names::indexOf).toArray();
    return line -> {
      String[] cells = line.split(",", -1);
      return IntStream.of(from).mapToObj(i -> i < 0 || i >= cells.length ? "NaN" : cells[i])
          .collect(Collectors.joining(","));
    };
  }

  /** One line, its cells in {@link ProbeRow#header}'s order. */
  private static String format(TrainingEvent.Probe p) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "%d,%.3f,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", p.step(), p.elapsedSeconds(),
        p.loss(), p.r2Affine(), p.r2Linear(), p.orthogonalityMae(), p.clusterR2(),
        p.clusterR2Linear(), p.clusterOrthogonalityMae(), p.alignment(), p.accuracy(),
        p.temperatureRatio()));
    p.factors().forEach(f -> line.append(String.format(Locale.ROOT, ",%.6g", f.correlation())));
    p.factors().forEach(f -> line.append(String.format(Locale.ROOT, ",%.6g", f.r2())));
    return line.append('\n').toString();
  }

  private static long stepOf(String line) {
    try {
      return Long.parseLong(line.substring(0, line.indexOf(',')));
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }
}
