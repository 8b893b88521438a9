package dev.idtrain.telemetry.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacedExecutorTest {

  @Test
  void startsAtMostOneTaskPerSpacing() throws InterruptedException {
    PacedExecutor executor = new PacedExecutor(2, TimeUnit.MILLISECONDS.toNanos(10), 1, "paced-test");
    try {
      int tasks = 21;
      CountDownLatch done = new CountDownLatch(tasks);
      long start = System.nanoTime();
      for (int i = 0; i < tasks; i++) {
        executor.execute(done::countDown);
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(elapsedMillis).isGreaterThanOrEqualTo(195);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void cpuHeavyTasksAreSpacedToStayWithinTheCpuShare() throws InterruptedException {
    // Each task burns 2 ms of CPU, after which the next start waits 2 / 0.1 - 2 = 18 ms. The
    // first two start at once on the two threads; the other nine start at least 18 ms apart.
    PacedExecutor executor = new PacedExecutor(2, 0, 0.1, "paced-test");
    try {
      int tasks = 11;
      CountDownLatch done = new CountDownLatch(tasks);
      long start = System.nanoTime();
      for (int i = 0; i < tasks; i++) {
        executor.execute(() -> {
          burnCpu(TimeUnit.MILLISECONDS.toNanos(2));
          done.countDown();
        });
      }
      assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(elapsedMillis).isGreaterThanOrEqualTo(9 * 18);
    } finally {
      executor.shutdownNow();
    }
  }

  private static void burnCpu(long nanos) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long until = mx.getCurrentThreadCpuTime() + nanos;
    double x = 1;
    while (mx.getCurrentThreadCpuTime() < until) {
      for (int i = 0; i < 1000; i++) {
        x = Math.sqrt(x + i);
      }
    }
    if (x == 42) {
      System.out.print("");
    }
  }

  @Test
  void zeroSpacingDoesNotWait() throws InterruptedException {
    PacedExecutor executor = new PacedExecutor(1, 0, 1, "paced-test");
    try {
      CountDownLatch done = new CountDownLatch(1000);
      for (int i = 0; i < 1000; i++) {
        executor.execute(done::countDown);
      }
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void threadsAreDaemonsSoTheyNeverKeepTheJvmAlive() throws InterruptedException {
    PacedExecutor executor = new PacedExecutor(1, 0, 1, "paced-test");
    try {
      boolean[] daemon = new boolean[1];
      CountDownLatch done = new CountDownLatch(1);
      executor.execute(() -> {
        daemon[0] = Thread.currentThread().isDaemon();
        done.countDown();
      });
      done.await(5, TimeUnit.SECONDS);
      assertThat(daemon[0]).isTrue();
    } finally {
      executor.shutdownNow();
    }
  }
}
