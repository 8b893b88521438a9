package dev.idtrain.telemetry;

import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** A run's meters in the endpoint's registry, without HTTP, on a clock the test moves. */
final class Scraped implements AutoCloseable {
  private final TrainingMeters meters;
  private final ScrapeRegistry registry;
  private final AtomicLong nanos = new AtomicLong();

  private Scraped(RunInfo info, Duration scrapeCacheTtl) {
    meters = new TrainingMeters(info);
    registry = new ScrapeRegistry(meters, scrapeCacheTtl, nanos::get);
  }

  /** Every scrape collects. */
  static Scraped of(RunInfo info) {
    return new Scraped(info, Duration.ZERO);
  }

  static Scraped cached(RunInfo info, Duration scrapeCacheTtl) {
    return new Scraped(info, scrapeCacheTtl);
  }

  Disposable subscribe(Flux<? extends TrainingEvent> events) {
    return meters.subscribe(events);
  }

  void onEvent(TrainingEvent event) {
    meters.onEvent(event);
  }

  boolean ready() {
    return meters.ready();
  }

  String scrape() {
    return registry.registry().scrape();
  }

  void advance(Duration time) {
    nanos.addAndGet(time.toNanos());
  }

  @Override
  public void close() {
    registry.close();
  }
}
