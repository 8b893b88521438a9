package dev.idtrain.telemetry.page;

import java.util.Arrays;

/**
 * A fixed amount of memory holding a series of any length: rows of {@code columns} doubles at a
 * step, at most {@code capacity} kept plus the newest row.
 *
 * <p>Rows are kept every {@code stride}-th arrival, starting with the first. When the kept rows
 * fill the capacity, every other one is dropped and the stride doubles, so a run of 10⁷ steps
 * keeps rows evenly spread over the whole run, between capacity/2 and capacity of them. The first
 * row is never dropped and the newest is always answered (held apart until it is due), so a chart
 * always spans the whole run. Kept rows are exact values, never averages: a point on the chart is
 * a value the run reported.
 *
 * <p>Readers page by stamp: each row carries the run's step when it was recorded (for a probe,
 * published some steps after the step it measured, later than its own step), and {@link #since}
 * answers the rows stamped after a given step. {@link #generation()} changes whenever kept rows
 * are dropped (thinning, {@link #truncate}), telling a reader that pages to start again.
 *
 * <p>Not thread-safe: {@link RunHistory} guards it.
 */
final class SeriesBuffer {

  private final int capacity;
  private final long[] steps;
  private final long[] stamps;
  private final double[][] values;
  private int size;
  private long stride = 1;
  private long arrivals;
  private long generation;
  private long newestStep;
  private long newestStamp;
  private final double[] newest;
  private boolean hasNewest;

  SeriesBuffer(int capacity, int columns) {
    if (capacity < 2 || capacity % 2 != 0) {
      throw new IllegalArgumentException("capacity must be even and at least 2, was " + capacity);
    }
    this.capacity = capacity;
    this.steps = new long[capacity];
    this.stamps = new long[capacity];
    this.values = new double[columns][capacity];
    this.newest = new double[columns];
  }

  /**
   * Appends a row; {@code row.length} must equal the column count, and stamps must not decrease
   * except after a {@link #truncate}.
   */
  void add(long step, long stamp, double... row) {
    if (arrivals++ % stride == 0) {
      if (size == capacity) {
        thin();
      }
      steps[size] = step;
      stamps[size] = stamp;
      for (int c = 0; c < values.length; c++) {
        values[c][size] = row[c];
      }
      size++;
      hasNewest = false;
    } else {
      newestStep = step;
      newestStamp = stamp;
      System.arraycopy(row, 0, newest, 0, newest.length);
      hasNewest = true;
    }
  }

  /** Forgets every row after {@code step} (a rollback: those steps are no longer the run's). */
  void truncate(long step) {
    int keep = size;
    while (keep > 0 && steps[keep - 1] > step) {
      keep--;
    }
    if (keep < size || hasNewest && newestStep > step) {
      size = keep;
      hasNewest = false;
      arrivals = (long) size * stride;
      generation++;
    }
  }

  /** Changes whenever rows a reader may already hold were dropped. */
  long generation() {
    return generation;
  }

  /** Every how many arrivals a row is kept. */
  long stride() {
    return stride;
  }

  int columns() {
    return values.length;
  }

  /** Rows held, the newest included. */
  int size() {
    return size + (hasNewest ? 1 : 0);
  }

  /**
   * The rows stamped after step {@code since}, the newest included, as columns: {@code [0]} the
   * steps, {@code [1 + c]} column {@code c}.
   */
  double[][] since(long since) {
    int from = size;
    while (from > 0 && stamps[from - 1] > since) {
      from--;
    }
    boolean withNewest = hasNewest && newestStamp > since;
    int n = size - from + (withNewest ? 1 : 0);
    double[][] out = new double[values.length + 1][];
    out[0] = new double[n];
    for (int i = 0; i < size - from; i++) {
      out[0][i] = steps[from + i];
    }
    for (int c = 0; c < values.length; c++) {
      out[c + 1] = Arrays.copyOfRange(values[c], from, from + n);
    }
    if (withNewest) {
      out[0][n - 1] = newestStep;
      for (int c = 0; c < values.length; c++) {
        out[c + 1][n - 1] = newest[c];
      }
    }
    return out;
  }

  /** Keeps rows 0, 2, 4, ...: the first row stays, the spacing doubles. */
  private void thin() {
    int kept = 0;
    for (int i = 0; i < size; i += 2, kept++) {
      steps[kept] = steps[i];
      stamps[kept] = stamps[i];
      for (double[] column : values) {
        column[kept] = column[i];
      }
    }
    size = kept;
    stride *= 2;
    generation++;
  }
}
