package dev.idtrain.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order a pool starts a sweep's runs in, and the kernel threads each gets. */
class SchedulingTest {

  @Test
  void theCostliestRunsStartFirstAndRunsOfEqualCostInGridOrder() {
    List<SweepPoint> points = Sweep.load(Grids.PAPER, List.of(), null, null).points();
    List<PointRun> order = Sweep.longestFirst(Path.of("out"), points);
    assertThat(order).hasSameSizeAs(points);
    assertThat(order).extracting(r -> r.point().cost())
        .isSortedAccordingTo(Comparator.reverseOrder());
    // d = 20 costs most: its convergence checks (twice the budget), then its five seeds.
    assertThat(order.subList(0, 3)).extracting(r -> r.point().label())
        .containsExactly("diet-d20@2x", "diet-rows-d20@2x", "sup-d20@2x");
    assertThat(order.subList(3, 18)).allSatisfy(r -> assertThat(r.point().label()).endsWith("d20"));
    for (int i = 1; i < order.size(); i++) {
      if (order.get(i).point().cost() == order.get(i - 1).point().cost()) {
        assertThat(order.get(i).point().index()).isGreaterThan(order.get(i - 1).point().index());
      }
    }
    assertThat(order.get(0).dir()).isEqualTo(Path.of("out", order.get(0).point().runId()));
  }

  @Test
  void aRunGetsTheCoresTheTrainingRunsLeaveSharedWithTheRunsStartingWithIt() {
    // 16 cores, 8 workers, nothing running: 2 each, as kernelThreads would give.
    assertThat(WorkerPool.threadsAtStart(16, 0, 8)).isEqualTo(2);
    // At the tail: one run left to start, 12 threads busy: it gets the 4 cores left.
    assertThat(WorkerPool.threadsAtStart(16, 12, 1)).isEqualTo(4);
    // 2 cores: the last run starts beside a running one with 1 thread, or alone with both.
    assertThat(WorkerPool.threadsAtStart(2, 1, 1)).isEqualTo(1);
    assertThat(WorkerPool.threadsAtStart(2, 0, 1)).isEqualTo(2);
    // Never fewer than one, even when a grid's own threads oversubscribe the machine.
    assertThat(WorkerPool.threadsAtStart(4, 6, 2)).isEqualTo(1);
  }
}
