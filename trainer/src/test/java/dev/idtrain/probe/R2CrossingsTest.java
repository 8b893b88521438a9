package dev.idtrain.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.event.TrainingEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class R2CrossingsTest {
  private static TrainingEvent.Probe probe(long step, double r2) {
    return new TrainingEvent.Probe(step, step / 10.0, 1, r2, r2, List.of(r2), 0, 0, 0, 0, 0, 0, Double.NaN, 0.1,
        List.of());
  }

  private static R2Crossings fed(double[] r2s, double... levels) {
    R2Crossings crossings = new R2Crossings(levels);
    for (int i = 0; i < r2s.length; i++) {
      crossings.accept(probe(100L * (i + 1), r2s[i]));
    }
    return crossings;
  }

  @Test
  void aCrossingIsWhereTheMedianOfTheLastFourFirstReachesTheLevel() {
    // Medians of the last four from the fourth probe on: 0.85, 0.93, 0.965, 0.97.
    R2Crossings crossings = fed(new double[] {0.5, 0.9, 0.8, 0.97, 0.96, 0.98, 0.97}, 0.95, 0.97, 0.99);
    assertThat(crossings.first(0.95)).contains(new R2Crossings.Crossing(600, 60.0));
    assertThat(crossings.first(0.97)).contains(new R2Crossings.Crossing(700, 70.0));
    assertThat(crossings.first(0.99)).isEmpty();
    assertThat(crossings.summary()).containsEntry("0.95", new R2Crossings.Crossing(600, 60.0))
        .containsEntry("0.99", null);
  }

  @Test
  void oneLuckyProbeOrTooFewProbesIsNoCrossing() {
    assertThat(fed(new double[] {0.99, 0.99, 0.99}, 0.95).first(0.95)).isEmpty();
    assertThat(fed(new double[] {0.5, 0.5, 0.5, 0.99, 0.5}, 0.95).first(0.95)).isEmpty();
  }

  @Test
  void aProbeWithoutAFiniteR2CountsAsTheWorst() {
    assertThat(fed(new double[] {0.99, Double.NaN, Double.NaN, 0.99}, 0.95).first(0.95)).isEmpty();
    assertThat(fed(new double[] {0.99, Double.NaN, 0.99, 0.99}, 0.95).first(0.95)).isPresent();
  }
}
