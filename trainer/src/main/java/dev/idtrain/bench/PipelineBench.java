package dev.idtrain.bench;

import dev.idtrain.engine.EngineSetup;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Config;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.run.RunAssembly;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One measured run of the full pipeline, as the daemon runs it (checkpoints into a scratch
 * directory), with or without its metrics endpoint, optionally under scrape load.
 */
final class PipelineBench {
  private static final long LATENCY_PROBE_MILLIS = 250;

  private final Config config;
  private final DataGeneratingProcess dgp;
  private final EngineSetup engine;

  PipelineBench(Config config, DataGeneratingProcess dgp, EngineSetup engine) {
    this.config = config;
    this.dgp = dgp;
    this.engine = engine;
  }

  /** The result of one phase: throughput figures, and scrape latencies when served. */
  record Phase(PipelineStats stats, List<Double> scrapeMillis) {}

  /**
   * @param steps steps after warm-up
   * @param served whether the metrics endpoint runs (on a free port)
   * @param scrapers clients hammering /metrics in a loop while it trains
   * @param browser whether a headless chromium shows the live page while it trains (needs served)
   * @param observer also sees every event (a soak's memory readings)
   */
  Phase run(int warmup, long steps, boolean served, int scrapers, boolean browser,
      Consumer<TrainingEvent> observer) throws IOException, InterruptedException {
    PipelineStats stats = new PipelineStats(warmup);
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    RunAssembly.Endpoint endpoint = served ? new RunAssembly.Endpoint("127.0.0.1", 0) : null;
    Path scratch = Files.createTempDirectory("idtrain-bench");
    try (RunAssembly run = RunAssembly.assemble(config, dgp, engine, store(scratch), null, warmup + steps,
        endpoint)) {
      run.subscribe(stats);
      run.subscribe(observer);
      run.telemetry().ifPresent(telemetry -> {
        clients.add(client(telemetry.url(), running, LATENCY_PROBE_MILLIS, latencies));
        for (int i = 0; i < scrapers; i++) {
          clients.add(client(telemetry.url(), running, 0, null));
        }
      });
      try (HeadlessPage page = browser
          ? HeadlessPage.open(run.telemetry().orElseThrow().pageUrl()) : null) {
        run.connect();
        run.finished().join();
      }
      running.set(false);
      for (Thread client : clients) {
        client.interrupt();
        client.join(5000);
      }
      stats.peakQueueDepth = run.pipeline().peakQueueDepth();
    } finally {
      delete(scratch);
    }
    return new Phase(stats, latencies);
  }

  /**
   * Trains, without the metrics endpoint, until {@code done} accepts an event or
   * {@code limitSeconds} have passed.
   *
   * @return whether {@code done} ended the run
   */
  boolean runUntil(Predicate<TrainingEvent> done, double limitSeconds)
      throws IOException, InterruptedException, ExecutionException {
    AtomicBoolean reached = new AtomicBoolean();
    Path scratch = Files.createTempDirectory("idtrain-bench");
    try (RunAssembly run = RunAssembly.assemble(config, dgp, engine, store(scratch), null, Long.MAX_VALUE,
        null)) {
      run.subscribe(event -> {
        if (!reached.get() && done.test(event)) {
          reached.set(true);
          run.stop();
        }
      });
      run.connect();
      try {
        run.finished().get((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        run.stop();
        run.finished().join();
      }
    } finally {
      delete(scratch);
    }
    return reached.get();
  }

  /** Checkpoints are written as the daemon writes them, into a scratch directory. */
  private CheckpointStore store(Path scratch) {
    return new CheckpointStore(scratch, config.checkpoint().keep());
  }

  private static void delete(Path scratch) throws IOException {
    try (Stream<Path> files = Files.walk(scratch)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A scraper: every {@code pauseMillis} (0: back to back), recording latency if asked. */
  private static Thread client(String url, AtomicBoolean running, long pauseMillis, List<Double> latencies) {
    Thread thread = new Thread(() -> {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(URI.create(url))
          .header("Accept", "application/openmetrics-text; version=1.0.0")
          .header("Accept-Encoding", "gzip").build();
      while (running.get()) {
        try {
          long start = System.nanoTime();
          http.send(request, HttpResponse.BodyHandlers.ofByteArray());
          if (latencies != null) {
            latencies.add((System.nanoTime() - start) / 1e6);
          }
          Thread.sleep(pauseMillis);
        } catch (IOException e) {
          return;
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-scraper");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
