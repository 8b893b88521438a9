package dev.idtrain.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's {@code checkpoints/} directory: files {@code step-NNNNNNNNNNNN.ckpt}, written
 * atomically, the newest {@code keep} kept, read back newest first, skipping any that fail their
 * checksum.
 */
public final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern NAME = Pattern.compile("step-(\\d{12})\\.ckpt");

  private final Path dir;
  private final int keep;

  public CheckpointStore(Path dir, int keep) {
    this.dir = dir;
    this.keep = keep;
  }

  /**
   * Writes a checkpoint durably, then prunes the oldest beyond {@code keep}: older checkpoints
   * are deleted only once the new one is on disk, so a failed write (a full disk) leaves every
   * older one in place. Returns its size.
   *
   * @throws IOException if the checkpoint could not be written; no temporary file is left
   */
  public long write(Checkpoint checkpoint) throws IOException {
    Files.createDirectories(dir);
    byte[] bytes = CheckpointCodec.encode(checkpoint);
    AtomicFiles.write(dir.resolve(String.format("step-%012d.ckpt", checkpoint.step())), bytes);
    try {
      List<Path> files = files();
      for (Path old : files.subList(Math.min(keep, files.size()), files.size())) {
        Files.deleteIfExists(old);
      }
      if (files.size() > keep) {
        AtomicFiles.syncDirectory(dir);
      }
    } catch (IOException e) {
      // The checkpoint itself is safe; the next write prunes again.
      LOG.warn("could not prune old checkpoints: {}", e.getMessage());
    }
    return bytes.length;
  }

  /** The newest checkpoint that passes its checksum, if any. */
  public Optional<Checkpoint> newest() throws IOException {
    for (Path file : files()) {
      try {
        return Optional.of(read(file));
      } catch (CorruptCheckpointException e) {
        LOG.warn("skipping checkpoint {}: {}", file.getFileName(), e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** @throws CorruptCheckpointException if the file fails its checksum or cannot be parsed */
  public static Checkpoint read(Path file) throws IOException {
    return CheckpointCodec.decode(Files.readAllBytes(file));
  }

  /** Checkpoint files, newest (highest step) first. */
  public List<Path> files() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(CheckpointStore::stepOf).reversed())
          .toList();
    }
  }

  private static long stepOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
