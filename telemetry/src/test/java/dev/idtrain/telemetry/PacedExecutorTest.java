package dev.idtrain.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacedExecutorTest {

  @Test
  void startsAtMostOneTaskPerSpacing() throws InterruptedException {
    PacedExecutor executor = new PacedExecutor(2, TimeUnit.MILLISECONDS.toNanos(10), "paced-test");
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
  void zeroSpacingDoesNotWait() throws InterruptedException {
    PacedExecutor executor = new PacedExecutor(1, 0, "paced-test");
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
    PacedExecutor executor = new PacedExecutor(1, 0, "paced-test");
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
