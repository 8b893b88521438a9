package dev.idtrain.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfOddAndEvenCountsLeavingOutWhatIsNotFinite() {
    assertThat(Stats.median(3, 1, 2)).isEqualTo(2);
    assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Stats.median(5, Double.NaN, 1)).isEqualTo(3);
    assertThat(Stats.median()).isNaN();
  }

  @Test
  void medianOfTheLastRowsOnly() {
    List<Double> rows = List.of(100.0, 100.0, 1.0, 2.0, 3.0);
    assertThat(Stats.medianOfLast(rows, 3, x -> x)).isEqualTo(2);
    assertThat(Stats.medianOfLast(rows, 10, x -> x)).isEqualTo(3);
  }

  @Test
  void meanAndSampleStandardDeviation() {
    // Sum of squared deviations from the mean 5 is 32; over n - 1 = 7.
    Stats.MeanStd m = Stats.meanStd(2, 4, 4, 4, 5, 5, 7, 9);
    assertThat(m.mean()).isEqualTo(5);
    assertThat(m.std()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
    assertThat(m.n()).isEqualTo(8);
  }

  @Test
  void oneValueHasNoStandardDeviation() {
    Stats.MeanStd m = Stats.meanStd(0.5, Double.NaN);
    assertThat(m.mean()).isEqualTo(0.5);
    assertThat(m.std()).isNaN();
    assertThat(Stats.meanStd().mean()).isNaN();
  }
}
