package dev.idtrain.telemetry.meter;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Prometheus registry that collects its meters at most once per {@code ttl} and hands every
 * scrape in between the same immutable snapshot.
 *
 * <p>Why: collecting reads the JVM's management beans and {@code /proc} and builds a few hundred
 * objects; a scraper hammering {@code /metrics} would otherwise repeat that for every request.
 * With a TTL of a few hundred milliseconds (far below any Prometheus scrape interval) the collect
 * cost is bounded by the clock, not by the number of scrapers, and what a scrape sees is at most
 * one TTL old.
 *
 * <p>Collections are serialised, and each runs between {@code beforeCollect} and {@code
 * afterCollect}, so a meter source can pin one consistent view for the whole collection. The
 * threads publishing training events never touch this lock.
 */
public final class CachingRegistry extends PrometheusRegistry {

  private record Cached(long collectedAtNanos, MetricSnapshots snapshots) {}

  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final Runnable beforeCollect;
  private final Runnable afterCollect;
  private final Object collectLock = new Object();
  private volatile Cached cached;

  /** @param nanoClock {@link System#nanoTime}, or a test's clock */
  public CachingRegistry(Duration ttl, LongSupplier nanoClock, Runnable beforeCollect, Runnable afterCollect) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("scrape cache TTL must not be negative: " + ttl);
    }
    this.ttlNanos = ttl.toNanos();
    this.nanoClock = nanoClock;
    this.beforeCollect = beforeCollect;
    this.afterCollect = afterCollect;
  }

  @Override
  public MetricSnapshots scrape() {
    return scrape((PrometheusScrapeRequest) null);
  }

  @Override
  public MetricSnapshots scrape(PrometheusScrapeRequest request) {
    Cached c = cached;
    if (fresh(c)) {
      return c.snapshots();
    }
    synchronized (collectLock) {
      c = cached;
      if (fresh(c)) {
        return c.snapshots(); // another scraper collected while this one waited
      }
      long now = nanoClock.getAsLong();
      MetricSnapshots snapshots = collect(() -> super.scrape(request));
      cached = new Cached(now, snapshots);
      return snapshots;
    }
  }

  @Override
  public MetricSnapshots scrape(Predicate<String> includedNames) {
    return scrape(includedNames, null);
  }

  /** Filtered scrapes ({@code /metrics?name[]=...}) are rare: collected fresh, not cached. */
  @Override
  public MetricSnapshots scrape(
      Predicate<String> includedNames, PrometheusScrapeRequest request) {
    if (includedNames == null) {
      return scrape(request);
    }
    synchronized (collectLock) {
      return collect(() -> super.scrape(includedNames, request));
    }
  }

  private boolean fresh(Cached c) {
    return c != null && nanoClock.getAsLong() - c.collectedAtNanos() < ttlNanos;
  }

  private MetricSnapshots collect(Supplier<MetricSnapshots> scrape) {
    beforeCollect.run();
    try {
      return scrape.get();
    } finally {
      afterCollect.run();
    }
  }
}
