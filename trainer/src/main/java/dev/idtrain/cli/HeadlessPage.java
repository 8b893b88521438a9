package dev.idtrain.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A headless {@code chromium} showing the live page for as long as it is open, so the bench can
 * measure what a user watching the run costs the training.
 */
final class HeadlessPage implements AutoCloseable {
  private final Process process;
  private final Path profile;

  private HeadlessPage(Process process, Path profile) {
    this.process = process;
    this.profile = profile;
  }

  static HeadlessPage open(String url) throws IOException {
    Path profile = Files.createTempDirectory("idtrain-page");
    try {
      // The DevTools port keeps the browser up with the page open until it is stopped.
      Process process = new ProcessBuilder("chromium", "--headless", "--no-sandbox",
          "--disable-gpu", "--no-first-run", "--remote-debugging-port=0",
          "--user-data-dir=" + profile, url)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return new HeadlessPage(process, profile);
    } catch (IOException e) {
      delete(profile);
      throw new IOException("--browser needs chromium on the PATH (Debian: apt-get install"
          + " chromium): " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    delete(profile);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
