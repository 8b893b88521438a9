package dev.idtrain.telemetry;

import dev.idtrain.event.TrainingEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.ProbeDropped;
import dev.idtrain.event.TrainingEvent.ProbeFailed;
import dev.idtrain.event.TrainingEvent.RolledBack;
import dev.idtrain.event.TrainingEvent.RunState;
import dev.idtrain.event.TrainingEvent.Started;
import dev.idtrain.event.TrainingEvent.StateChanged;
import dev.idtrain.event.TrainingEvent.Step;
import dev.idtrain.event.TrainingEvent.RunFile;
import dev.idtrain.event.TrainingEvent.WriteFailed;
import dev.idtrain.event.TrainingEvent.WriteFailure;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import dev.idtrain.telemetry.meter.Scraped;

/** No label takes unbounded values: many varied events add no series. */
class CardinalityTest {

  @Test
  void manyVariedEventsAddNoSeries() {
    try (Scraped meters = Scraped.of(Events.INFO)) {
      meters.onEvent(new Started(0, Events.INFO));
      meters.onEvent(Events.step(1));
      meters.onEvent(Events.probe(1, 1));
      meters.onEvent(new Checkpointed(1, 100, 0.01));
      Set<String> early = series(meters);

      Random random = new Random(42);
      RunState[] states = RunState.values();
      for (int i = 0; i < 20_000; i++) {
        long step = random.nextInt(Integer.MAX_VALUE);
        meters.onEvent(new Step(step, step * 7, random.nextGaussian(), random.nextDouble(),
            random.nextDouble() * 1e6, random.nextBoolean(), random.nextDouble() * 20,
            random.nextDouble(), random.nextInt(64), random.nextDouble() * 1e5));
        if (i % 10 == 0) {
          meters.onEvent(Events.probe(random.nextInt(1000), step));
          meters.onEvent(new ProbeDropped(step));
          meters.onEvent(new ProbeFailed(step, "failure " + i));
          meters.onEvent(new Checkpointed(step, random.nextLong(), random.nextDouble() * 100));
          meters.onEvent(new RolledBack(step, step + 5, random.nextDouble(), "reason " + i));
          meters.onEvent(new StateChanged(step, states[i % states.length], "why " + i));
          meters.onEvent(new WriteFailed(step, RunFile.values()[i % 2],
              WriteFailure.values()[i / 10 % 2]));
        }
      }
      Set<String> late = series(meters);

      assertThat(late).isEqualTo(early);
      assertThat(late.stream().filter(s -> s.startsWith("idtrain_")).count())
          .as("idtrain series")
          // 7 counters and 2 of failed writes by 2 reasons, 5 step gauges, 2 + 5 R², 8 other
          // probe gauges, run info, 3 states, reference R², 4 histograms of 14 buckets, count,
          // sum and max.
          .isEqualTo(7 + 2 * 2 + 5 + 2 + 5 + 8 + 1 + 3 + 1 + 4 * (14 + 3));
    }
  }

  /**
   * All series except the GC pause timers, which the JVM binder creates when a collection with
   * a new cause first happens (a small fixed set of causes, not an unbounded label).
   */
  private static Set<String> series(Scraped meters) {
    return Exposition.parseText(meters.scrape()).seriesKeys().stream()
        .filter(s -> !s.startsWith("jvm_gc_pause") && !s.startsWith("jvm_gc_concurrent_phase"))
        .collect(Collectors.toSet());
  }
}
