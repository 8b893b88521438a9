package dev.idtrain.telemetry;

import java.time.Duration;

/**
 * How much the metrics endpoint may cost the process. The defaults keep a scraper that hammers
 * {@code /metrics} from taking more than a few percent of one core, while any real Prometheus
 * (one scrape per second or slower, per server) sees no difference.
 *
 * @param scrapeCacheTtl how long one collection of all meters is served to further scrapes; what
 *     a scrape shows is at most this old. Zero collects for every scrape.
 * @param requestSpacing the least time between the starts of two HTTP requests the endpoint
 *     handles: requests beyond that rate wait in line (they are answered later, not refused).
 *     Zero disables the pacing.
 * @param httpThreads threads that handle HTTP requests (1 to 4). Two keep one slow client from
 *     holding up the others; more only add CPU the training needs.
 */
public record TelemetryOptions(Duration scrapeCacheTtl, Duration requestSpacing, int httpThreads) {

  public TelemetryOptions {
    if (scrapeCacheTtl == null || scrapeCacheTtl.isNegative()) {
      throw new IllegalArgumentException("scrapeCacheTtl must be zero or positive");
    }
    if (requestSpacing == null || requestSpacing.isNegative()) {
      throw new IllegalArgumentException("requestSpacing must be zero or positive");
    }
    if (httpThreads < 1 || httpThreads > 4) {
      throw new IllegalArgumentException("httpThreads must be 1 to 4, was " + httpThreads);
    }
  }

  /** 250 ms scrape cache, at most 200 requests/s, two HTTP threads. */
  public static TelemetryOptions defaults() {
    return new TelemetryOptions(Duration.ofMillis(250), Duration.ofMillis(5), 2);
  }

  public TelemetryOptions withScrapeCacheTtl(Duration ttl) {
    return new TelemetryOptions(ttl, requestSpacing, httpThreads);
  }

  public TelemetryOptions withRequestSpacing(Duration spacing) {
    return new TelemetryOptions(scrapeCacheTtl, spacing, httpThreads);
  }
}
