package dev.idtrain.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One writer per directory: an exclusive OS lock on {@code run.lock} in it, held until closed
 * or until the process dies, however it dies (the kernel releases the lock, so a killed holder
 * leaves no stale lock behind). The file names its holder (pid, host, start time) for whoever is
 * refused. A run takes it before touching anything else in its directory.
 */
public final class DirectoryLock implements AutoCloseable {
  public static final String FILE = "run.lock";

  private final Path dir;
  private final boolean created;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path dir, boolean created, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.created = created;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir}, creating it if needed, and writes this process into the lock file.
   *
   * @throws RunDirectoryException if another process holds the lock, the filesystem cannot lock,
   *     or the directory cannot be written
   */
  public static DirectoryLock acquire(Path dir) {
    boolean created = !Files.isDirectory(dir);
    Path file = dir.resolve(FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      // Neither truncated nor written before the lock is ours: it names the current holder.
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel, dir);
      if (lock == null) {
        channel.close();
        throw new RunDirectoryException("run directory " + dir + " is in use by " + holder(file)
            + "; stop that process or choose another --run-dir");
      }
      DirectoryLock held = new DirectoryLock(dir, created, channel, lock);
      held.writeHolder();
      return held;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new RunDirectoryException("run directory " + dir + " is not writable ("
          + reason(e) + ")");
    }
  }

  private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very process
    } catch (IOException e) {
      closeQuietly(channel);
      throw new RunDirectoryException("run directory " + dir + " cannot be locked (" + reason(e)
          + "): its filesystem does not support locks; use a local filesystem, or one with"
          + " working locks, so that two processes can never write one run");
    }
  }

  private void writeHolder() throws IOException {
    String text = "pid=" + ProcessHandle.current().pid() + "\nhost=" + host() + "\nstarted="
        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
    channel.truncate(0);
    ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    for (long at = 0; buffer.hasRemaining(); ) {
      at += channel.write(buffer, at);
    }
    channel.force(false);
  }

  /** "pid 123 on host h since 2026-01-02T03:04:05Z", as far as the lock file says. */
  static String holder(Path file) {
    try {
      String pid = "?", host = "?", started = "?";
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        String value = eq < 0 ? "" : line.substring(eq + 1);
        switch (eq < 0 ? "" : line.substring(0, eq)) {
          case "pid" -> pid = value;
          case "host" -> host = value;
          case "started" -> started = value;
          default -> { }
        }
      }
      return "pid " + pid + " on host " + host + " since " + started;
    } catch (IOException e) {
      return "another process (" + FILE + " unreadable: " + reason(e) + ")";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The system's words for a failed file operation, e.g. "Read-only file system". */
  static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // already failing for a better reason
    }
  }

  /**
   * Releases the lock of a run that was refused after taking it: a directory the lock created is
   * removed again, so that the refusal leaves nothing behind.
   */
  public void abandon() {
    close();
    if (created) {
      try {
        Files.deleteIfExists(dir.resolve(FILE));
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // not empty after all: another process is using it now
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }
}
