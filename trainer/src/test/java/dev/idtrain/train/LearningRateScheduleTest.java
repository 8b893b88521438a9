package dev.idtrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigException;
import dev.idtrain.config.ConfigLoader;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  private static final Offset<Double> EXACT = Offset.offset(1e-12);

  private static LearningRateSchedule schedule(String... overrides) {
    Config.Train train = ConfigLoader.load(null, List.of(overrides)).train();
    return new LearningRateSchedule(train);
  }

  @Test
  void constantByDefault() {
    LearningRateSchedule constant = schedule();
    for (long step : new long[] {0, 1, 9_999, 10_000, 1_000_000}) {
      assertThat(constant.factor(step)).isEqualTo(1.0);
    }
  }

  @Test
  void warmUpRisesLinearlyToTheFullRate() {
    LearningRateSchedule warm = schedule("train.warmupSteps=4");
    assertThat(warm.factor(0)).isCloseTo(0.25, EXACT);
    assertThat(warm.factor(1)).isCloseTo(0.5, EXACT);
    assertThat(warm.factor(3)).isCloseTo(1.0, EXACT);
    assertThat(warm.factor(4)).isEqualTo(1.0);
  }

  @Test
  void cosineFallsFromOneToZeroAtTheHorizonAndStays() {
    LearningRateSchedule cosine = schedule("train.lrSchedule=cosine", "train.warmupSteps=10",
        "train.horizonSteps=110");
    assertThat(cosine.factor(4)).isCloseTo(0.5, EXACT);
    assertThat(cosine.factor(10)).isCloseTo(1.0, EXACT);
    assertThat(cosine.factor(35)).isCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)), EXACT);
    assertThat(cosine.factor(60)).isCloseTo(0.5, EXACT);
    assertThat(cosine.factor(110)).isCloseTo(0.0, EXACT);
    assertThat(cosine.factor(5_000)).isCloseTo(0.0, EXACT);
    for (long step = 10; step < 120; step++) {
      assertThat(cosine.factor(step + 1)).isLessThanOrEqualTo(cosine.factor(step));
    }
  }

  @Test
  void aHorizonWithinTheWarmUpIsRefused() {
    assertThatThrownBy(() -> schedule("train.lrSchedule=cosine", "train.warmupSteps=100",
        "train.horizonSteps=100"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("train.horizonSteps: 100 is not allowed; allowed: more than train.warmupSteps (100)"
            + " with the cosine schedule");
  }
}
