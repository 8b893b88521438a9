package dev.idtrain.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /** Stops the browser and its helper processes, then removes its profile. */
  @Override
  public void close() throws IOException {
    List<ProcessHandle> all = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
        .toList();
    all.forEach(ProcessHandle::destroy);
    try {
      for (ProcessHandle p : all) {
        p.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      all.forEach(ProcessHandle::destroyForcibly);
    }
    delete(profile);
  }

  /** Best effort: a file the browser removed meanwhile is no failure. */
  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (NoSuchFileException | UncheckedIOException e) {
      // already gone
    }
  }
}
