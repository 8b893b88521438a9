package dev.idtrain.deploy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process a test started, killed (with its descendants) by a shutdown hook if the test JVM
 * exits before the test stops it, so that no daemon or server outlives the build.
 */
final class ChildProcess {
  private final Process process;
  private final Thread killer;

  ChildProcess(Process process, String name) {
    this.process = process;
    this.killer = new Thread(this::kill, "kill-" + name);
    Runtime.getRuntime().addShutdownHook(killer);
  }

  Process process() {
    return process;
  }

  /**
   * SIGTERM, as a user stops it, then SIGKILL if it has not exited within {@code grace}; returns
   * its exit code. Idempotent.
   */
  int stop(Duration grace) throws InterruptedException {
    try {
      process.destroy();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
      return process.waitFor();
    } finally {
      kill();
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
