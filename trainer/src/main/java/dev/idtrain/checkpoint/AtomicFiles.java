package dev.idtrain.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-consistent file replacement: write a temporary sibling, fsync it, rename it over the
 * target, fsync the directory. After a crash the target holds either the old or the new
 * content, never a mix. A write that fails removes its temporary file, so that a full disk gets its
 * space back.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path target, byte[] content) throws IOException {
    replace(target, content, true);
  }

  /**
   * As {@link #write}, atomic but not durable: no fsync, for a file rewritten every few seconds
   * whose loss in a crash costs nothing (a live run's status).
   */
  public static void replaceQuickly(Path target, byte[] content) throws IOException {
    replace(target, content, false);
  }

  private static void replace(Path target, byte[] content, boolean durable) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        if (durable) {
          out.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    if (durable) {
      syncDirectory(dir);
    }
  }

  /** Whether {@code file} is a temporary file {@link #write} left behind when its process died. */
  public static boolean isTemporary(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  /** Makes a rename or deletion in {@code dir} durable. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
