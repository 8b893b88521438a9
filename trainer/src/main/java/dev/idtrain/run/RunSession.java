package dev.idtrain.run;

import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Config;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.probe.Convergence;
import dev.idtrain.telemetry.Telemetry;
import dev.idtrain.engine.Devices;
import dev.idtrain.engine.EngineSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the daemon: fresh or resumed from its directory's newest checkpoint, its events
 * feeding the console, probes.csv, status.json, the run record and the metrics endpoint. Everything that can
 * refuse the run (config, device, the directory's lock and writability, checkpoint conflict,
 * metrics port) does so in {@link #open} before anything but the lock is written; the lock is
 * held until {@link #close}.
 */
public final class RunSession implements AutoCloseable {
  private static final double PROGRESS_SECONDS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(RunSession.class);

  private final DirectoryLock lock;
  private final RunDirectory dir;
  private final RunAssembly run;
  private final ProbeLog probes;
  private final RunRecord record;
  private final StatusFile status;
  private final Provenance provenance;
  private final Convergence convergence;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final long startNanos = System.nanoTime();
  private TargetFile target;

  private RunSession(Config config, boolean resumed, DirectoryLock lock, RunDirectory dir,
      RunAssembly run, ProbeLog probes, RunRecord record, StatusFile status, Provenance provenance,
      PrintStream console) {
    this.lock = lock;
    this.dir = dir;
    this.run = run;
    this.probes = probes;
    this.record = record;
    this.status = status;
    this.provenance = provenance;
    this.convergence = new Convergence(config.stop(), run::stop);
    if (resumed) {
      // The judges of a run's trajectory see it whole, not from the resume on.
      for (ProbeRow probe : probes.kept()) {
        record.resumedFrom(probe);
        convergence.observe(probe.step(), probe.r2(), probe.clusterR2());
      }
    }
    run.subscribe(record);
    run.subscribe(convergence);
    run.subscribe(status);
    run.subscribe(new Progress(console, PROGRESS_SECONDS));
    run.subscribe(probes::record);
  }

  /** @param steps the step count at which the run stops by itself */
  public static RunSession open(Config config, Path runDir, long steps, PrintStream console)
      throws IOException {
    EngineSetup engine = Devices.prepare(config.train());
    Path path = runDir != null ? runDir : Path.of("runs", config.run().id());
    DirectoryLock lock = DirectoryLock.acquire(path);
    try {
      RunDirectory dir = new RunDirectory(path);
      dir.prepare();
      CheckpointStore store = dir.checkpoints(config);
      Checkpoint resume = Resume.find(store, config, dir.path());
      DataGeneratingProcess dgp = resume == null
          ? DataGeneratingProcess.create(config.dgp(), config.run().seed())
          : Resume.process(config, resume);
      Config.Telemetry telemetry = config.telemetry();
      RunAssembly run = RunAssembly.assemble(config, dgp, engine, store, resume, steps,
          telemetry.enabled() ? new RunAssembly.Endpoint(telemetry.bind(), telemetry.port()) : null);
      try {
        long firstStep = resume == null ? 0 : resume.step();
        ProbeLog probes = dir.open(config, firstStep, run::report);
        console.printf("idtrain %s: run %s on %s (%s matrix products, %s), %s at step %d, writing %s%n",
            Version.get(), config.run().id(), engine.deviceName(), engine.precisionName(),
            engine.precision().reason(), resume == null ? "starting" : "resuming", firstStep,
            dir.path());
        run.telemetry().ifPresent(t -> {
          console.println("metrics: " + t.url());
          console.println("live page: " + t.pageUrl());
        });
        StatusFile status = new StatusFile(dir.path(), config.run().id(), firstStep,
            steps == Long.MAX_VALUE ? null : steps, run.telemetry().map(Telemetry::url).orElse(null),
            run.telemetry().map(Telemetry::pageUrl).orElse(null));
        return new RunSession(config, resume != null, lock, dir, run, probes,
            new RunRecord(config.run().id(), resume), status,
            Provenance.of(engine), console);
      } catch (RuntimeException e) {
        run.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      lock.abandon();
      throw e;
    }
  }

  /**
   * Lists the run's metrics endpoint in {@code file} ({@link TargetFile}) until it closes; does
   * nothing without an endpoint.
   */
  public void listEndpointIn(Path file) throws IOException {
    if (run.telemetry().isPresent()) {
      target = TargetFile.write(file, run.telemetry().get().url());
    }
  }

  public void start() {
    status.start();
    run.connect();
  }

  /** Asks the run to stop after the step in progress (and not to linger after it). */
  public void stop() {
    stopRequested.countDown();
    run.stop();
  }

  /**
   * Keeps serving metrics for a while after a run ended by itself, so that Prometheus scrapes
   * its final state (stopped, or failed) before the process goes away; a stop request ends the
   * wait at once.
   */
  public void linger(Duration duration, PrintStream console) throws InterruptedException {
    if (run.telemetry().isPresent() && !duration.isZero() && stopRequested.getCount() > 0) {
      console.printf("serving the final metrics for %d s (telemetry.lingerSeconds)%n", duration.toSeconds());
      stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Waits for the run to end, then writes the probe lines still waiting for room, summary.json
   * and the final status; what could not be written is noted in the record,
   * {@link RunRecord#unwritten}.
   */
  public RunRecord awaitEnd() {
    run.finished().join();
    if (!probes.write(record.step())) {
      record.unwritten("probes.csv");
    }
    try {
      record.summary((System.nanoTime() - startNanos) / 1e9, provenance,
          convergence.verdict().isPresent()).write(dir.path());
    } catch (IOException e) {
      LOG.warn("{} not written ({})", RunSummary.FILE, e.getMessage());
      record.unwritten(RunSummary.FILE);
    }
    status.ended(record.failed());
    return record;
  }

  public Optional<String> metricsUrl() {
    return run.telemetry().map(Telemetry::url);
  }

  @Override
  public void close() throws IOException {
    try (lock; probes; status) {
      run.close();
    } finally {
      if (target != null) {
        target.close();
      }
    }
  }
}
