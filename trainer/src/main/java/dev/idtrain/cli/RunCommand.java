package dev.idtrain.cli;

import ai.djl.Device;
import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Config;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.probe.PaperReference;
import dev.idtrain.stream.TrainingPipeline;
import dev.idtrain.telemetry.RunInfo;
import dev.idtrain.telemetry.Telemetry;
import dev.idtrain.telemetry.TrainingEvent;
import dev.idtrain.train.Devices;
import dev.idtrain.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.ConnectableFlux;
import sun.misc.Signal;

/**
 * {@code idtrain run}: the daemon. Resumes the run directory's newest checkpoint if there is
 * one, trains until stopped (SIGTERM/SIGINT: the step in progress finishes, a checkpoint and
 * summary.json are written, exit 0) or until the step count reaches --steps, serving metrics.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Train on the configured experiment until stopped (SIGTERM/SIGINT) or --steps.")
final class RunCommand implements Callable<Integer> {
  /** Exit code of a run that diverged beyond its allowed rollbacks. */
  static final int EXIT_FAILED = 3;
  private static final double PROGRESS_SECONDS = 5;

  @Mixin ConfigOptions options;

  @Option(names = "--steps", paramLabel = "N",
      description = "Stop once the run's step count reaches N (default: run until stopped).")
  long steps = Long.MAX_VALUE;

  @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default: runs/<run.id>).")
  Path runDir;

  @Override
  public Integer call() throws Exception {
    Config config = options.load();
    Device device = Devices.resolve(config.train().device());
    RunDirectory dir = new RunDirectory(runDir != null ? runDir : Path.of("runs", config.run().id()));
    CheckpointStore store = dir.checkpoints(config);
    Checkpoint resume = Resume.find(store, config, dir.path());
    DataGeneratingProcess dgp = resume == null
        ? DataGeneratingProcess.create(config.dgp(), config.run().seed())
        : Resume.process(config, resume);
    RunInfo info = runInfo(config, device);
    RunRecord record = new RunRecord(info.run());
    long start = System.nanoTime();
    try (TrainingPipeline pipeline = new TrainingPipeline(config, dgp, info)) {
      ConnectableFlux<TrainingEvent> events = pipeline
          .events(() -> new Trainer(config, dgp, device, store, resume), steps).publish();
      try (Telemetry telemetry = config.telemetry().enabled()
              ? Telemetry.start(config.telemetry().bind(), config.telemetry().port(), info, events)
              : null;
          ProbeLog probes = dir.open(config, resume == null ? 0 : resume.step())) {
        System.out.printf("idtrain %s: run %s on %s, %s at step %d, writing %s%n", info.version(),
            info.run(), info.device(), resume == null ? "starting" : "resuming",
            resume == null ? 0 : resume.step(), dir.path());
        if (telemetry != null) {
          System.out.println("metrics: " + telemetry.url());
        }
        // Errors reach the caller through `finished`; the other subscribers just stop.
        events.subscribe(record, error -> { });
        events.subscribe(new Progress(System.out, PROGRESS_SECONDS), error -> { });
        events.subscribe(probes::record, error -> { });
        CompletableFuture<Void> finished = events.then().toFuture();
        Signal.handle(new Signal("TERM"), signal -> pipeline.stop());
        Signal.handle(new Signal("INT"), signal -> pipeline.stop());
        events.connect();
        finished.join();
        dir.writeSummary(record.summary((System.nanoTime() - start) / 1e9));
      }
    }
    if (record.failed()) {
      System.err.println("idtrain: run " + info.run() + " failed: " + record.reason());
      return EXIT_FAILED;
    }
    return 0;
  }

  static RunInfo runInfo(Config config, Device device) {
    Config.Dgp dgp = config.dgp();
    return new RunInfo(config.run().id(), lower(config.train().objective()), dgp.dim(),
        dgp.classes(), dgp.instances(), lower(dgp.conditional()), dgp.kappa(),
        device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu", Version.get(),
        PaperReference.r2(config));
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
