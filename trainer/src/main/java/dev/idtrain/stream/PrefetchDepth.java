package dev.idtrain.stream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the batches sampled but not yet taken by the training thread: the depth of the
 * bounded prefetch queue, reported with every step and watched for starvation.
 */
final class PrefetchDepth {
  private final AtomicInteger depth = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  void enqueued() {
    peak.accumulateAndGet(depth.incrementAndGet(), Math::max);
  }

  /** @return the batches still waiting */
  int dequeued() {
    return depth.decrementAndGet();
  }

  /** The largest depth ever reached. */
  int peak() {
    return peak.get();
  }
}
