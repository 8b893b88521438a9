package dev.idtrain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.RunState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {
  @TempDir Path dir;

  private static TrainingEvent.Step step(long step, double elapsed) {
    return new TrainingEvent.Step(step, step * 256, 1.0, 1e-3, 0.5, true, 0.01, 0.001, 2, elapsed);
  }

  /**
   * A resumed run at 40 steps/s of run time after a first, slow second (its warm-up, 5 steps):
   * its status says 40 once a second past the warm-up has passed, and says it ended only once
   * told (its summary is written then).
   */
  @Test
  void saysWhereTheRunStandsAndItsOwnSpeed() throws Exception {
    try (StatusFile status = new StatusFile(dir, "r", 500, 2000L, "http://127.0.0.1:1/metrics",
        "http://127.0.0.1:1/")) {
      status.start();
      status.accept(new TrainingEvent.Started(500, null));
      status.accept(step(500, 10));
      Thread.sleep(1100);
      for (int tick = 0; tick <= 3; tick++) {
        status.accept(step(505 + 40 * tick, 11 + tick));
        Thread.sleep(1100);
      }
      LiveStatus live = LiveStatus.read(dir).orElseThrow();
      assertThat(live.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(live.state()).isEqualTo("running");
      assertThat(live.training()).isTrue();
      assertThat(live.firstStep()).isEqualTo(500);
      assertThat(live.step()).isEqualTo(625);
      assertThat(live.budget()).isEqualTo(2000);
      assertThat(live.stepsPerS()).isCloseTo(40, within(1e-9));
      assertThat(live.metricsUrl()).isEqualTo("http://127.0.0.1:1/metrics");
      assertThat(live.lastProbe()).isNull();

      status.accept(new TrainingEvent.Probe(625, 13, 1, 0.9, 0.8, List.of(0.9), 0.1, 0.7, 0.6, 0.05, 0.5,
          0.4, Double.NaN, 0.1, List.of()));
      status.accept(new TrainingEvent.StateChanged(625, RunState.STOPPED, "stop asked"));
      status.ended(false);
      live = LiveStatus.read(dir).orElseThrow();
      assertThat(live.state()).isEqualTo("stopped");
      assertThat(live.training()).isFalse();
      assertThat(live.lastProbe().r2Affine()).isEqualTo(0.9);
    }
  }
}
