package dev.idtrain.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.event.TrainingEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class ProbeRunnerTest {
  private final Scheduler scheduler = Schedulers.newSingle("idtrain-probe");

  @AfterEach
  void dispose() {
    scheduler.dispose();
  }

  static TrainingEvent.Probe probeOf(long step) {
    return new TrainingEvent.Probe(step, 0, 1, 0.9, 0.9, List.of(0.9), 0.1, 0.9, 0.9, 0.1, 0.5, 0.5, Double.NaN, 0.01,
        List.of());
  }

  @Test
  void scoresOffTheCallersThreadAndDropsWhatArrivesWhileBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> scoringThread = new AtomicReference<>();
    AtomicInteger snapshotsTaken = new AtomicInteger();
    ProbeRunner runner = new ProbeRunner(scheduler, snapshot -> {
      scoringThread.set(Thread.currentThread().getName());
      await(release);
      return probeOf(10);
    });
    CompletableFuture<List<TrainingEvent>> results = runner.results().collectList().toFuture();

    assertThat(runner.offer(10, () -> { snapshotsTaken.incrementAndGet(); return null; })).isEmpty();
    assertThat(runner.offer(20, () -> { snapshotsTaken.incrementAndGet(); return null; }))
        .contains(new TrainingEvent.ProbeDropped(20));
    assertThat(snapshotsTaken).as("a dropped probe costs the trainer no snapshot").hasValue(1);

    release.countDown();
    runner.complete();
    assertThat(results.get(10, TimeUnit.SECONDS)).containsExactly(probeOf(10));
    assertThat(scoringThread.get()).startsWith("idtrain-probe").isNotEqualTo(Thread.currentThread().getName());
    assertThat(runner.offer(30, () -> null)).as("free again once the probe finished").isEmpty();
  }

  @Test
  void aResultWhoseModelWasRolledBackIsDropped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ProbeRunner runner = new ProbeRunner(scheduler, snapshot -> {
      await(release);
      return probeOf(40);
    });
    CompletableFuture<List<TrainingEvent>> results = runner.results().collectList().toFuture();
    runner.offer(40, () -> null);
    runner.invalidate();
    release.countDown();
    runner.complete();
    assertThat(results.get(10, TimeUnit.SECONDS)).containsExactly(new TrainingEvent.ProbeDropped(40));
  }

  @Test
  void aProbeThatThrowsIsReportedAndTheNextGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ProbeRunner runner = new ProbeRunner(scheduler, snapshot -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("singular matrix");
      }
      return probeOf(60);
    });
    CompletableFuture<List<TrainingEvent>> results = runner.results().collectList().toFuture();
    runner.offer(50, () -> null);
    while (calls.get() < 1 || !runner.offer(60, () -> null).isEmpty()) {
      Thread.sleep(5); // until the failed probe has freed the runner
    }
    runner.complete();
    assertThat(results.get(10, TimeUnit.SECONDS)).containsExactly(
        new TrainingEvent.ProbeFailed(50, "java.lang.IllegalStateException: singular matrix"),
        probeOf(60));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
