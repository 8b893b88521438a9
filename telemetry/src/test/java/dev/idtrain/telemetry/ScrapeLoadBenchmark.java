package dev.idtrain.telemetry;

import dev.idtrain.event.TrainingEvent;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Sinks;
import dev.idtrain.telemetry.http.TelemetryOptions;

/**
 * What scraping costs a training process on this machine. Not a unit test (surefire skips it);
 * run by hand:
 *
 * <pre>
 * mvn -o -q -pl telemetry test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp telemetry/target/test-classes:telemetry/target/classes:$(cat /tmp/cp.txt) \
 *     dev.idtrain.telemetry.ScrapeLoadBenchmark load [phaseSeconds] [rounds] [clients] [config]
 * java ... dev.idtrain.telemetry.ScrapeLoadBenchmark latency [count] [intervalMillis]
 * </pre>
 *
 * A simulated trainer keeps every core busy the way intra-op parallelism does (each step is a
 * fixed amount of arithmetic split over one thread per core, joined by a barrier, so CPU taken
 * from any core slows the step), publishing a Step event per step and a probe every 250 steps.
 * Phases without and with {@code clients} in-process scrapers hammering {@code /metrics}
 * (keep-alive, Prometheus' own Accept and gzip headers) alternate; reported: steps/s, scrapes/s,
 * CPU of the endpoint's threads and of the clients, and scrape latency.
 *
 * <p>{@code config}: {@code defaults} (the shipped options), {@code nopacing} (scrape cache
 * only), {@code bare} (no cache, no pacing), or a number: the defaults with that CPU share.
 */
public final class ScrapeLoadBenchmark {

  static final String PROMETHEUS_ACCEPT =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
          + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "load";
    switch (mode) {
      case "latency" -> latencyMain(args);
      case "load" -> loadMain(args);
      default -> throw new IllegalArgumentException("mode: latency or load");
    }
  }

  /**
   * {@code latency [count] [intervalMillis]}: one scraper with Prometheus' headers, the shipped
   * options but no scrape cache (a Prometheus scraping every 15 s always finds it expired), first
   * with the process otherwise idle, then while the simulated trainer keeps every core busy.
   */
  private static void latencyMain(String[] args) throws Exception {
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long interval = args.length > 2 ? Long.parseLong(args[2]) : 60;
    int cores = Runtime.getRuntime().availableProcessors();
    TelemetryOptions options = TelemetryOptions.defaults().withScrapeCacheTtl(Duration.ZERO);
    System.out.printf("cores=%d %s%n", cores, options);
    Sinks.Many<TrainingEvent> sink = Sinks.many().multicast().directBestEffort();
    try (Telemetry telemetry = Telemetry.start("127.0.0.1", 0, Events.INFO, sink.asFlux(), options);
        SimulatedTrainer trainer = new SimulatedTrainer(cores, sink)) {
      fill(sink);
      try (RawClient client = new RawClient(telemetry.port(), PROMETHEUS_ACCEPT, false)) {
        System.out.printf("exposition: %d bytes of OpenMetrics%n", client.get("/metrics"));
      }
      latency("warm-up", telemetry.port(), 300, interval, false);
      latency("process idle", telemetry.port(), count, interval, true);
      trainer.start();
      Thread.sleep(3000);
      latency("while training on every core", telemetry.port(), count, interval, true);
    }
  }

  /** {@code load [phaseSeconds] [rounds] [clients] [config]}. */
  private static void loadMain(String[] args) throws Exception {
    int phaseSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    String config = args.length > 4 ? args[4] : "defaults";
    TelemetryOptions options = switch (config) {
      case "defaults" -> TelemetryOptions.defaults();
      case "nopacing" ->
          TelemetryOptions.defaults().withRequestSpacing(Duration.ZERO).withCpuShare(1);
      case "bare" -> TelemetryOptions.unlimited();
      default -> TelemetryOptions.defaults().withCpuShare(Double.parseDouble(config));
    };
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("cores=%d phase=%ds rounds=%d clients=%d config=%s %s%n", cores,
        phaseSeconds, rounds, clients, config, options);

    Sinks.Many<TrainingEvent> sink = Sinks.many().multicast().directBestEffort();
    try (Telemetry telemetry = Telemetry.start("127.0.0.1", 0, Events.INFO, sink.asFlux(), options);
        SimulatedTrainer trainer = new SimulatedTrainer(cores, sink)) {
      fill(sink);
      latency("warm-up", telemetry.port(), 300, 5, false);
      trainer.start();
      Thread.sleep(3000);
      List<Double> ratios = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        Phase quiet = phase(trainer, telemetry.port(), 0, phaseSeconds);
        Phase loud = phase(trainer, telemetry.port(), clients, phaseSeconds);
        System.out.printf(Locale.ROOT, "round %d: none %s%n", round, quiet);
        System.out.printf(Locale.ROOT, "round %d: %d clients %s%n", round, clients, loud);
        ratios.add(loud.stepsPerSecond() / quiet.stepsPerSecond());
      }
      double mean = ratios.stream().mapToDouble(Double::doubleValue).average().orElse(1);
      System.out.printf(Locale.ROOT, "steps/s with %d hammering clients / none: %s, mean %.4f"
          + " (drop %.2f%%)%n", clients, ratios, mean, (1 - mean) * 100);
    }
  }

  /** A realistic registry: histograms filled, a probe reported. */
  private static void fill(Sinks.Many<TrainingEvent> sink) {
    for (int i = 1; i <= 5000; i++) {
      sink.tryEmitNext(Events.step(i));
    }
    sink.tryEmitNext(Events.probe(1, 5000));
  }

  record Phase(double stepsPerSecond, double scrapesPerSecond, double endpointCpu,
      double clientCpu, double processCpu, long[] latenciesMicros) {
    @Override
    public String toString() {
      String s = String.format(Locale.ROOT,
          "steps/s %.1f | scrapes/s %.0f | endpoint CPU %.1f%% of a core | client CPU %.1f%% |"
              + " process CPU %.0f%%", stepsPerSecond, scrapesPerSecond, endpointCpu * 100,
          clientCpu * 100, processCpu * 100);
      if (latenciesMicros.length > 0) {
        s += String.format(Locale.ROOT, " | client-seen latency median %.1f ms p99 %.1f ms",
            percentile(latenciesMicros, 0.5) / 1000.0, percentile(latenciesMicros, 0.99) / 1000.0);
      }
      return s;
    }
  }

  private static Phase phase(SimulatedTrainer trainer, int port, int clients, int seconds)
      throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong scrapes = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    List<Thread> hammer = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long[] mine = new long[200_000];
      latencies.add(mine);
      Thread t = new Thread(() -> {
        int n = 0;
        try (RawClient client = new RawClient(port, PROMETHEUS_ACCEPT, true)) {
          while (!stop.get()) {
            long start = System.nanoTime();
            client.get("/metrics");
            if (n < mine.length - 1) {
              mine[++n] = (System.nanoTime() - start) / 1000;
            }
            scrapes.incrementAndGet();
          }
        } catch (IOException e) {
          if (!stop.get()) {
            System.err.println("client failed: " + e);
          }
        }
        mine[0] = n;
      }, "hammer-" + c);
      t.setDaemon(true);
      hammer.add(t);
    }
    hammer.forEach(Thread::start);
    Thread.sleep(2000); // let the load settle
    long steps0 = trainer.steps();
    long scrapes0 = scrapes.get();
    long endpoint0 = cpu(threads, "idtrain-metrics-http", "HTTP-Dispatcher");
    long client0 = cpu(threads, "hammer-");
    long process0 = processCpuNanos();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long elapsed = System.nanoTime() - t0;
    long steps = trainer.steps() - steps0;
    long scraped = scrapes.get() - scrapes0;
    long endpoint = cpu(threads, "idtrain-metrics-http", "HTTP-Dispatcher") - endpoint0;
    long client = cpu(threads, "hammer-") - client0;
    long process = processCpuNanos() - process0;
    stop.set(true);
    for (Thread t : hammer) {
      t.join(5000);
    }
    long[] all = latencies.stream()
        .flatMapToLong(l -> Arrays.stream(l, 1, (int) l[0] + 1))
        .sorted()
        .toArray();
    return new Phase(steps * 1e9 / elapsed, scraped * 1e9 / elapsed, endpoint / (double) elapsed,
        client / (double) elapsed, process / (double) elapsed, all);
  }

  private static void latency(String what, int port, int count, long intervalMillis,
      boolean print) throws Exception {
    long[] micros = new long[count];
    try (RawClient client = new RawClient(port, PROMETHEUS_ACCEPT, true)) {
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        client.get("/metrics");
        micros[i] = (System.nanoTime() - start) / 1000;
        Thread.sleep(intervalMillis);
      }
    }
    Arrays.sort(micros);
    if (!print) {
      return;
    }
    System.out.printf(Locale.ROOT,
        "scrape latency (%s; gzip, OpenMetrics), n=%d: median %.2f ms, p99 %.2f"
            + " ms, max %.2f ms%n", what, count, percentile(micros, 0.5) / 1000.0,
        percentile(micros, 0.99) / 1000.0, micros[count - 1] / 1000.0);
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  private static long cpu(ThreadMXBean threads, String... prefixes) {
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      for (String p : prefixes) {
        if (t.getName().startsWith(p)) {
          long c = threads.getThreadCpuTime(t.getId());
          total += Math.max(0, c);
        }
      }
    }
    return total;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** A step is fixed arithmetic split over one thread per core, joined like intra-op work. */
  static final class SimulatedTrainer implements AutoCloseable {
    private static final int WORK_PER_THREAD = 400_000;
    private final int workers;
    private final Sinks.Many<TrainingEvent> sink;
    private final AtomicLong steps = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final CyclicBarrier barrier;
    private volatile double blackhole; // keeps the arithmetic from being optimised away

    SimulatedTrainer(int workers, Sinks.Many<TrainingEvent> sink) {
      this.workers = workers;
      this.sink = sink;
      this.barrier = new CyclicBarrier(workers);
    }

    void start() {
      for (int w = 0; w < workers; w++) {
        int id = w;
        Thread t = new Thread(() -> run(id), "trainer-" + w);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    long steps() {
      return steps.get();
    }

    private void run(int id) {
      double x = id + 1;
      long step = 0;
      try {
        while (!stop.get()) {
          long start = System.nanoTime();
          for (int i = 0; i < WORK_PER_THREAD; i++) {
            x = x * 1.0000001 + Math.sqrt(x) * 1e-9;
          }
          barrier.await();
          step++;
          if (id == 0) {
            double seconds = (System.nanoTime() - start) / 1e9;
            sink.tryEmitNext(new TrainingEvent.Step(step, step * 1024, 1.0 / step, 1e-3, 0.5,
                true, seconds, 0.0005, 3, step * seconds));
            if (step % 250 == 0) {
              sink.tryEmitNext(Events.probe((int) (step / 250), step));
            }
            steps.incrementAndGet();
          }
        }
      } catch (InterruptedException | BrokenBarrierException e) {
        // stopping
      }
      blackhole = x;
    }

    @Override
    public void close() {
      stop.set(true);
      barrier.reset();
      threads.forEach(Thread::interrupt);
    }
  }

  /** A minimal keep-alive HTTP/1.1 client: as little client CPU as a load tool would use. */
  static final class RawClient implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String headers;

    RawClient(int port, String accept, boolean gzip) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 65536);
      out = socket.getOutputStream();
      headers = "Host: 127.0.0.1:" + port + "\r\nAccept: " + accept + "\r\n"
          + (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n";
    }

    /** GETs the path and returns the body's length; fails on anything but 200. */
    int get(String path) throws IOException {
      out.write(("GET " + path + " HTTP/1.1\r\n" + headers).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = line();
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException("unexpected status: " + status);
      }
      long length = -1;
      boolean chunked = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(h.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      int read = 0;
      if (chunked) {
        for (int size = Integer.parseInt(line().trim(), 16); size > 0;
            size = Integer.parseInt(line().trim(), 16)) {
          read += skip(size);
          line();
        }
        line();
      } else {
        read = skip(length);
      }
      return read;
    }

    private int skip(long n) throws IOException {
      long left = n;
      while (left > 0) {
        long s = in.skip(left);
        if (s <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed");
          }
          s = 1;
        }
        left -= s;
      }
      return (int) n;
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream(64);
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
