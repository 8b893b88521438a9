package dev.idtrain.deploy;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes. Tests on a busy two-core machine wait
 * for what they need, never for a fixed time: the deadline only bounds how long a broken build
 * hangs.
 */
final class Await {

  private Await() {}

  /**
   * Evaluates {@code probe} every {@code every} until it returns a value, and returns that value;
   * empty once {@code timeout} has passed. Exceptions from {@code probe} propagate.
   */
  static <T> Optional<T> poll(Duration timeout, Duration every, Supplier<Optional<T>> probe)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      Thread.sleep(Math.max(1, Math.min(every.toMillis(), left / 1_000_000)));
    }
  }

  /** As {@link #poll}, failing with {@code what} and {@code diagnostics} on timeout. */
  static <T> T until(
      String what, Duration timeout, Duration every, Supplier<Optional<T>> probe,
      Supplier<String> diagnostics) throws InterruptedException {
    return poll(timeout, every, probe)
        .orElseThrow(() -> new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what + "\n"
                + diagnostics.get()));
  }

  /** Seconds since {@code startNanos}, for log lines. */
  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
