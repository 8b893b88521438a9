package dev.idtrain.telemetry.http;

import java.time.Duration;

/**
 * How much the metrics endpoint may cost the process. The defaults keep clients that hammer
 * {@code /metrics} from taking more than about 5% of one core, while a real Prometheus (a scrape
 * every second or slower, per server) never waits and sees figures at most 250 ms old.
 *
 * @param scrapeCacheTtl how long one collection of all meters is served to further scrapes. Zero
 *     collects for every scrape.
 * @param requestSpacing the least time between the starts of two HTTP requests. Zero: no floor.
 * @param cpuShare the share of one core the request threads may use, in (0, 1]: after a request
 *     that used {@code c} of CPU the next one waits {@code c / cpuShare - c}. Requests beyond the
 *     budget wait in line; they are answered later, never refused. 1 disables the budget.
 * @param httpThreads threads that handle HTTP requests (1 to 4). Two keep one slow client from
 *     holding up the others; more only add CPU the training needs.
 */
public record TelemetryOptions(
    Duration scrapeCacheTtl, Duration requestSpacing, double cpuShare, int httpThreads) {

  public TelemetryOptions {
    if (scrapeCacheTtl == null || scrapeCacheTtl.isNegative()) {
      throw new IllegalArgumentException("scrapeCacheTtl must be zero or positive");
    }
    if (requestSpacing == null || requestSpacing.isNegative()) {
      throw new IllegalArgumentException("requestSpacing must be zero or positive");
    }
    if (!(cpuShare > 0 && cpuShare <= 1)) {
      throw new IllegalArgumentException("cpuShare must be in (0, 1], was " + cpuShare);
    }
    if (httpThreads < 1 || httpThreads > 4) {
      throw new IllegalArgumentException("httpThreads must be 1 to 4, was " + httpThreads);
    }
  }

  /** 250 ms scrape cache, at most 500 requests/s and 5% of one core, two HTTP threads. */
  public static TelemetryOptions defaults() {
    return new TelemetryOptions(Duration.ofMillis(250), Duration.ofMillis(2), 0.05, 2);
  }

  /** No cache and no limits: every scrape collects and is served at once (tests, benchmarks). */
  public static TelemetryOptions unlimited() {
    return new TelemetryOptions(Duration.ZERO, Duration.ZERO, 1, 2);
  }

  public TelemetryOptions withScrapeCacheTtl(Duration ttl) {
    return new TelemetryOptions(ttl, requestSpacing, cpuShare, httpThreads);
  }

  public TelemetryOptions withRequestSpacing(Duration spacing) {
    return new TelemetryOptions(scrapeCacheTtl, spacing, cpuShare, httpThreads);
  }

  public TelemetryOptions withCpuShare(double share) {
    return new TelemetryOptions(scrapeCacheTtl, requestSpacing, share, httpThreads);
  }
}
