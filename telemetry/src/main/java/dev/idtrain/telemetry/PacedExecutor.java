package dev.idtrain.telemetry;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The HTTP endpoint's executor: a few daemon threads, a FIFO queue, and a floor on the time
 * between the starts of two tasks (one task = one HTTP request). However many clients hammer the
 * endpoint, it handles at most {@code 1 / spacing} requests per second; the rest wait their turn
 * in the queue, costing nothing. This is what bounds the CPU the endpoint can take from training
 * on a small machine; a Prometheus server scraping every few seconds never waits.
 */
final class PacedExecutor extends ThreadPoolExecutor {

  private final long spacingNanos;
  private final AtomicLong nextStart = new AtomicLong(System.nanoTime());

  PacedExecutor(int threads, long spacingNanos, String threadName) {
    super(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemonThreads(threadName));
    this.spacingNanos = spacingNanos;
  }

  @Override
  protected void beforeExecute(Thread thread, Runnable task) {
    if (spacingNanos <= 0) {
      return;
    }
    long now = System.nanoTime();
    long slot = Math.max(now, nextStart.getAndUpdate(n -> Math.max(n, now) + spacingNanos));
    long wait;
    while ((wait = slot - System.nanoTime()) > 0 && !isShutdown()) {
      LockSupport.parkNanos(wait);
    }
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
