package dev.idtrain.telemetry.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesBufferTest {

  /** Value of row {@code step}: a function a test can check any kept row against. */
  private static double value(long step) {
    return Math.sin(step * 1e-3) + step;
  }

  private static SeriesBuffer filled(int capacity, long rows) {
    SeriesBuffer buffer = new SeriesBuffer(capacity, 2);
    for (long step = 1; step <= rows; step++) {
      buffer.add(step, step, value(step), -step);
    }
    return buffer;
  }

  @Test
  void keepsEveryRowUntilFull() {
    SeriesBuffer buffer = filled(8, 8);
    double[][] rows = buffer.since(0);
    assertThat(rows[0]).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(rows[2]).containsExactly(-1, -2, -3, -4, -5, -6, -7, -8);
    assertThat(buffer.stride()).isEqualTo(1);
    assertThat(buffer.generation()).isZero();
  }

  @Test
  void aMillionRowsStayWithinCapacityEvenlySpacedWithFirstAndLastKept() {
    int capacity = 4096;
    long rows = 1_000_000;
    SeriesBuffer buffer = filled(capacity, rows);

    double[][] kept = buffer.since(0);
    double[] steps = kept[0];
    assertThat(steps.length).isBetween(capacity / 2, capacity + 1);
    assertThat(steps[0]).isEqualTo(1);
    assertThat(steps[steps.length - 1]).isEqualTo(rows);
    // Every kept row but the newest is an exact row at a multiple of the stride from the first.
    long stride = buffer.stride();
    for (int i = 0; i < steps.length - 1; i++) {
      assertThat((long) steps[i]).isEqualTo(1 + i * stride);
      assertThat(kept[1][i]).isEqualTo(value((long) steps[i]));
    }
    assertThat(kept[1][steps.length - 1]).isEqualTo(value(rows));
    // The stride is the smallest power of two that fits the run into the capacity.
    assertThat(Long.bitCount(stride)).isEqualTo(1);
    assertThat((rows - 1) / stride).isLessThan(capacity);
    assertThat((rows - 1) / (stride / 2)).isGreaterThanOrEqualTo(capacity);
  }

  @Test
  void sinceAnswersOnlyRowsStampedAfterTheStep() {
    SeriesBuffer buffer = new SeriesBuffer(16, 1);
    buffer.add(10, 12, 1.0); // a row for step 10 recorded after step 11 (a probe)
    buffer.add(20, 21, 2.0);
    assertThat(buffer.since(11)[0]).containsExactly(10, 20);
    assertThat(buffer.since(12)[0]).containsExactly(20);
    assertThat(buffer.since(21)[0]).isEmpty();
  }

  @Test
  void theNewestRowIsAnsweredEvenBetweenKeptRows() {
    SeriesBuffer buffer = filled(4, 9); // stride 4 after two thinnings: rows 1, 5, 9 kept
    assertThat(buffer.since(0)[0]).containsExactly(1, 5, 9);
    buffer.add(10, 10, value(10), -10);
    assertThat(buffer.since(0)[0]).containsExactly(1, 5, 9, 10);
    assertThat(buffer.since(9)[0]).containsExactly(10);
    assertThat(buffer.since(9)[1]).containsExactly(value(10));
  }

  @Test
  void thinningAndTruncationChangeTheGeneration() {
    SeriesBuffer buffer = filled(4, 4);
    assertThat(buffer.generation()).isZero();
    buffer.add(5, 5, 0, 0);
    assertThat(buffer.generation()).isEqualTo(1);

    SeriesBuffer rolled = filled(16, 10);
    rolled.truncate(6);
    assertThat(rolled.since(0)[0]).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(rolled.generation()).isEqualTo(1);
    rolled.add(7, 7, 70, -70);
    assertThat(rolled.since(6)[0]).containsExactly(7);
    rolled.truncate(7); // nothing after step 7: nothing dropped, same generation
    assertThat(rolled.generation()).isEqualTo(1);
  }
}
