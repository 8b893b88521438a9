package dev.idtrain.telemetry;

import dev.idtrain.event.TrainingEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.Started;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Sinks;
import dev.idtrain.telemetry.http.TelemetryOptions;

/**
 * 16 scrapers in a loop while one thread publishes events as fast as it can: every response is
 * 200 and parses strictly, counters never go back between two scrapes of one scraper, and within
 * one scrape the series agree with each other (samples = steps * batch, the loss belongs to the
 * step shown, every probe gauge to the same probe).
 */
class ConcurrentScrapeTest {

  private static final int SCRAPERS = 16;
  private static final int PROBE_EVERY = 50;
  private static final Duration RUN_FOR = Duration.ofSeconds(3);

  static List<Arguments> options() {
    return List.of(
        // Every scrape collects, nothing paced: the most concurrent collections possible.
        Arguments.of("no cache, no pacing",
            TelemetryOptions.unlimited()),
        // The scrape cache shared by concurrent scrapes (pacing has its own test).
        Arguments.of("scrape cache",
            TelemetryOptions.unlimited().withScrapeCacheTtl(Duration.ofMillis(50))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void scrapesDuringFastPublishingAreWholeAndConsistent(String name, TelemetryOptions options)
      throws InterruptedException {
    Sinks.Many<TrainingEvent> sink = Sinks.many().multicast().directBestEffort();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger scrapes = new AtomicInteger();
    AtomicInteger idleScrapers = new AtomicInteger();
    AtomicLong published = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();

    try (Telemetry telemetry =
        Telemetry.start("127.0.0.1", 0, Events.INFO, sink.asFlux(), options)) {
      Thread publisher = new Thread(() -> {
        sink.tryEmitNext(new Started(0, Events.INFO));
        long i = 0;
        while (!stop.get()) {
          i++;
          sink.tryEmitNext(Events.step(i));
          if (i % PROBE_EVERY == 0) {
            sink.tryEmitNext(Events.probe((int) (i / PROBE_EVERY), i));
          }
          if (i % 500 == 0) {
            sink.tryEmitNext(new Checkpointed(i, 1000, 0.002));
          }
          published.set(i);
        }
      }, "publisher");

      List<Thread> scrapers = new ArrayList<>();
      for (int s = 0; s < SCRAPERS; s++) {
        int id = s;
        scrapers.add(new Thread(() -> {
          if (scrapeLoop(id, telemetry.url(), stop, scrapes, failures) < 2) {
            idleScrapers.incrementAndGet();
          }
        },
            "scraper-" + s));
      }
      publisher.start();
      scrapers.forEach(Thread::start);
      Thread.sleep(RUN_FOR.toMillis());
      stop.set(true);
      publisher.join();
      for (Thread t : scrapers) {
        t.join();
      }
    }

    assertThat(failures).as(name).isEmpty();
    assertThat(idleScrapers.get()).as("scrapers that did not scrape twice").isZero();
    assertThat(published.get()).as("steps published").isGreaterThan(10 * PROBE_EVERY);
    System.out.printf("%s: %d scrapes, %d steps published in %s%n", name, scrapes.get(),
        published.get(), RUN_FOR);
  }

  /** Scrapes until stopped; returns the number of scrapes. */
  private static int scrapeLoop(
      int id, String url, AtomicBoolean stop, AtomicInteger scrapes, Queue<String> failures) {
    Http http = new Http();
    Map<String, Double> previous = new HashMap<>();
    int n = 0;
    while (!stop.get() && failures.size() < 10) {
      try {
        Exposition e = switch (n++ % 3) {
          case 0 -> {
            Http.Response r = http.get(url);
            check(r.status() == 200, "status " + r.status());
            yield Exposition.parseText(r.text());
          }
          case 1 -> {
            Http.Response r = http.get(url, "Accept", "application/openmetrics-text;"
                + " version=1.0.0");
            check(r.status() == 200, "status " + r.status());
            yield Exposition.parseOpenMetrics(r.text());
          }
          default -> {
            Http.Response r = http.get(url, "Accept-Encoding", "gzip");
            check(r.status() == 200, "status " + r.status());
            yield Exposition.parseText(r.gunzipped());
          }
        };
        checkConsistent(e);
        checkMonotone(e, previous);
        scrapes.incrementAndGet();
      } catch (RuntimeException | AssertionError ex) {
        failures.add("scraper " + id + ": " + ex);
      }
    }
    return n;
  }

  private static void checkConsistent(Exposition e) {
    double steps = e.value("idtrain_steps_total");
    check(e.value("idtrain_samples_total") == steps * Events.BATCH,
        "samples " + e.value("idtrain_samples_total") + " for " + steps + " steps");
    check(e.value("idtrain_step_seconds_count") >= steps, "fewer step timings than steps");
    check(e.value("idtrain_sampler_seconds_count") >= steps, "fewer sampler timings than steps");
    if (steps > 0) {
      check(e.value("idtrain_last_step") == steps, "last step is not the step count");
      check(e.value("idtrain_loss") == 1.0 / steps, "loss from another step");
    }
    double affine = e.value("idtrain_identifiability_r2", "map", "affine");
    if (!Double.isNaN(affine)) {
      int k = (int) Math.round(affine * 1000);
      TrainingEvent.Probe p = Events.probe(k, (long) k * PROBE_EVERY);
      check(e.value("idtrain_identifiability_r2", "map", "linear") == p.r2Linear(), "torn probe");
      check(e.value("idtrain_orthogonality_mae") == p.orthogonalityMae(), "torn probe");
      check(e.value("idtrain_cluster_r2") == p.clusterR2(), "torn probe");
      check(e.value("idtrain_alignment") == p.alignment(), "torn probe");
      check(e.value("idtrain_accuracy") == p.accuracy(), "torn probe");
      check(e.value("idtrain_temperature_ratio") == p.temperatureRatio(), "torn probe");
      check(e.value("idtrain_last_probe_step") == p.step(), "torn probe");
      for (int d = 0; d < Events.INFO.dim(); d++) {
        check(e.value("idtrain_identifiability_r2_dim", "dim", Integer.toString(d))
            == p.r2PerDim().get(d), "torn probe");
      }
      check(p.step() <= steps, "probe of a step not yet counted");
    }
  }

  /** Counters, histogram counts and buckets never decrease between two scrapes. */
  private static void checkMonotone(Exposition e, Map<String, Double> previous) {
    for (Exposition.Sample s : e.samples()) {
      String name = s.name();
      boolean cumulative = name.startsWith("idtrain_")
          && (name.endsWith("_total") || name.endsWith("_count") || name.endsWith("_bucket")
              || name.endsWith("_sum"));
      if (!cumulative) {
        continue;
      }
      String key = name + new TreeMap<>(s.labels());
      Double before = previous.put(key, s.value());
      check(before == null || s.value() >= before,
          key + " went back from " + before + " to " + s.value());
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
