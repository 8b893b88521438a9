package dev.idtrain.telemetry.http;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The HTTP endpoint's executor: a few daemon threads, a FIFO queue, and a budget. One task is
 * one HTTP request. A task starts no sooner than {@code spacing} after the previous start, and
 * after a task that used {@code c} nanoseconds of CPU the next one waits {@code c / cpuShare}:
 * however many clients hammer the endpoint, its request threads use at most about {@code
 * cpuShare} of one core, whatever a request costs (gzip or not, a large or small registry, a fast
 * or slow machine). Requests beyond that wait their turn in the queue, costing nothing. A
 * Prometheus server scraping every few seconds never waits.
 */
final class PacedExecutor extends ThreadPoolExecutor {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long spacingNanos;
  private final double cpuShare;
  private final boolean cpuMeasured;
  private final AtomicLong nextStart = new AtomicLong(System.nanoTime());
  private final ThreadLocal<long[]> taskCpuStart = ThreadLocal.withInitial(() -> new long[1]);

  /**
   * @param cpuShare the share of one core the tasks may use, in (0, 1]; 1 disables the budget
   */
  PacedExecutor(int threads, long spacingNanos, double cpuShare, String threadName) {
    super(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemonThreads(threadName));
    if (!(cpuShare > 0 && cpuShare <= 1)) {
      throw new IllegalArgumentException("cpuShare must be in (0, 1], was " + cpuShare);
    }
    this.spacingNanos = Math.max(0, spacingNanos);
    this.cpuShare = cpuShare;
    this.cpuMeasured = cpuShare < 1 && cpuTimeAvailable();
  }

  @Override
  protected void beforeExecute(Thread thread, Runnable task) {
    long now = System.nanoTime();
    long slot = Math.max(now, nextStart.getAndUpdate(n -> Math.max(n, now) + spacingNanos));
    long wait;
    while ((wait = slot - System.nanoTime()) > 0 && !isShutdown()) {
      LockSupport.parkNanos(wait);
    }
    if (cpuMeasured) {
      taskCpuStart.get()[0] = THREADS.getCurrentThreadCpuTime();
    }
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    if (cpuMeasured) {
      long used = THREADS.getCurrentThreadCpuTime() - taskCpuStart.get()[0];
      long pause = (long) (Math.max(0, used) / cpuShare) - used;
      if (pause > 0) {
        long now = System.nanoTime();
        nextStart.getAndUpdate(n -> Math.max(n, now) + pause);
      }
    }
  }

  private static boolean cpuTimeAvailable() {
    try {
      return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    } catch (UnsupportedOperationException e) {
      return false;
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
