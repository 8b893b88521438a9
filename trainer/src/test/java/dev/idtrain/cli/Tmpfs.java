package dev.idtrain.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for a test: a real filesystem that fills up, or turns read-only. Needs
 * the right to mount (root outside a restricted container); a test that needs one is skipped,
 * saying why, where mounting is not permitted.
 */
final class Tmpfs implements AutoCloseable {
  private final Path dir;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  static Tmpfs mount(Path dir, String size) throws Exception {
    Files.createDirectories(dir);
    String result = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    Assumptions.assumeTrue(result.isEmpty(),
        "mounting a tmpfs is not permitted on this machine (" + result.strip() + ")");
    return new Tmpfs(dir);
  }

  Path path() {
    return dir;
  }

  void readOnly() throws Exception {
    String result = run("mount", "-o", "remount,ro", dir.toString());
    if (!result.isEmpty()) {
      throw new IllegalStateException("cannot remount read-only: " + result);
    }
  }

  /** Writes {@code file} until the filesystem is full; returns the bytes written. */
  long fill(Path file) throws IOException {
    byte[] chunk = new byte[4096];
    long written = 0;
    try (var out = Files.newOutputStream(file)) {
      while (true) {
        out.write(chunk);
        out.flush();
        written += chunk.length;
      }
    } catch (IOException full) {
      return written;
    }
  }

  /** The exit status and output of a command: empty when it succeeded. */
  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    return p.waitFor() == 0 ? "" : "exit " + p.exitValue() + ": " + out;
  }

  @Override
  public void close() throws Exception {
    run("umount", "-l", dir.toString());
  }
}
