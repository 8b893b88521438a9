package dev.idtrain.telemetry.meter;

import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** A run's meters in the endpoint's registry, without HTTP, on a clock the test moves. */
public final class Scraped implements AutoCloseable {
  private final TrainingMeters meters;
  private final ScrapeRegistry registry;
  private final AtomicLong nanos = new AtomicLong();

  private Scraped(RunInfo info, Duration scrapeCacheTtl) {
    meters = new TrainingMeters(info);
    registry = new ScrapeRegistry(meters, scrapeCacheTtl, nanos::get);
  }

  /** Every scrape collects. */
  public static Scraped of(RunInfo info) {
    return new Scraped(info, Duration.ZERO);
  }

  public static Scraped cached(RunInfo info, Duration scrapeCacheTtl) {
    return new Scraped(info, scrapeCacheTtl);
  }

  public Disposable subscribe(Flux<? extends TrainingEvent> events) {
    return meters.subscribe(events);
  }

  public void onEvent(TrainingEvent event) {
    meters.onEvent(event);
  }

  public boolean ready() {
    return meters.ready();
  }

  public String scrape() {
    return registry.registry().scrape();
  }

  public void advance(Duration time) {
    nanos.addAndGet(time.toNanos());
  }

  @Override
  public void close() {
    registry.close();
  }
}
