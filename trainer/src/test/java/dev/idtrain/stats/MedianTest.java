package dev.idtrain.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MedianTest {
  @Test
  void theMiddleValueOrTheMeanOfTheMiddlePair() {
    assertThat(Median.of(3, 1, 2)).isEqualTo(2);
    assertThat(Median.of(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Median.of(7)).isEqualTo(7);
    assertThat(Median.of()).isNaN();
  }

  @Test
  void theWorstValuesCountAsValuesAndTheInputIsLeftAsItWas() {
    double[] values = {0.99, Double.NEGATIVE_INFINITY, 0.98, 0.97};
    assertThat(Median.of(values)).isEqualTo(0.975);
    assertThat(values).containsExactly(0.99, Double.NEGATIVE_INFINITY, 0.98, 0.97);
  }
}
