package dev.idtrain.run;

import dev.idtrain.checkpoint.AtomicFiles;
import dev.idtrain.event.TrainingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code probes.csv}: one whole line per probe, appended and flushed as it happens. When a run
 * resumes from (or rolls back to) a checkpoint, lines past that step describe work that was
 * lost; they are cut, along with a line a crash may have torn, so the file tells one trajectory
 * with each step once.
 */
public final class ProbeLog implements AutoCloseable {
  public static final String HEADER = "step,elapsed_s,loss,r2_affine,r2_linear,orthogonality_mae,"
      + "cluster_r2,alignment,accuracy,temperature_ratio";

  private final Path file;
  private Writer out;

  private ProbeLog(Path file) {
    this.file = file;
  }

  /** Opens the log for appending, keeping only whole lines of steps up to {@code step}. */
  static ProbeLog open(Path file, long step) throws IOException {
    ProbeLog log = new ProbeLog(file);
    log.rewindTo(step);
    return log;
  }

  /** Appends probes; rewinds to the checkpoint a rollback returned to. */
  void record(TrainingEvent event) {
    try {
      if (event instanceof TrainingEvent.Probe p) {
        append(p);
      } else if (event instanceof TrainingEvent.RolledBack r) {
        rewindTo(r.step());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void append(TrainingEvent.Probe p) throws IOException {
    String line = String.format(Locale.ROOT, "%d,%.3f,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g%n",
        p.step(), p.elapsedSeconds(), p.loss(), p.r2Affine(), p.r2Linear(), p.orthogonalityMae(),
        p.clusterR2(), p.alignment(), p.accuracy(), p.temperatureRatio());
    out.write(line);
    out.flush();
  }

  /** Cuts the lines past {@code step}, then appends from there. */
  void rewindTo(long step) throws IOException {
    close();
    List<String> kept = new ArrayList<>(List.of(HEADER));
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String[] lines = text.split("\n", -1);
      // The last element is what follows the final newline: empty, or a torn line.
      for (int i = 1; i < lines.length - 1; i++) {
        if (stepOf(lines[i]) <= step) {
          kept.add(lines[i]);
        }
      }
      if (kept.size() != lines.length - 1 || !lines[lines.length - 1].isEmpty()) {
        AtomicFiles.write(file, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } else {
      AtomicFiles.write(file, (HEADER + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
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
