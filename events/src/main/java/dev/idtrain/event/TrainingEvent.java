package dev.idtrain.event;

import java.util.List;

/**
 * What a training run reports about itself. The trainer publishes these immutable events on a
 * Flux; the console, the run directory and the meters subscribe. Nothing here refers to the
 * model: events carry plain numbers only, so subscribers never touch training state.
 */
public sealed interface TrainingEvent {

  /** The run's step count when the event was made. */
  long step();

  /** Published once, before the first step: what the run is. */
  record Started(long step, RunInfo info) implements TrainingEvent {}

  /**
   * One training step. A step whose loss or gradient is not finite is skipped (no update) and
   * reported with {@code finite = false}.
   *
   * @param samples samples seen so far, this step's batch included
   * @param stepSeconds wall time of the training step on the training thread
   * @param samplerSeconds time the sampler spent producing this step's batch
   * @param queueDepth batches waiting in the prefetch queue when the step finished
   */
  record Step(
      long step,
      long samples,
      double loss,
      double learningRate,
      double gradNorm,
      boolean finite,
      double stepSeconds,
      double samplerSeconds,
      int queueDepth,
      double elapsedSeconds)
      implements TrainingEvent {}

  /**
   * One identifiability probe, scored on a fresh held-out set. Figures that do not
   * apply to the run's configuration are NaN (temperature ratio with a fixed temperature).
   *
   * @param loss the training loss at the probed step
   * @param r2PerDim affine R² of each latent dimension (sprites: of scale, x and y)
   * @param clusterR2 affine R² of the head rows to the cluster vectors of their classes
   * @param clusterR2Linear the same without intercept, as the paper scores normalised rows
   * @param clusterOrthogonalityMae orthogonality error of that map without intercept
   * @param seconds wall time of the probe, encoding included
   * @param factors a linear decoder's figures per factor of a sprite, in {@link
   *     RunInfo#factors()}' order; none on the sphere
   */
  record Probe(
      long step,
      double elapsedSeconds,
      double loss,
      double r2Affine,
      double r2Linear,
      List<Double> r2PerDim,
      double orthogonalityMae,
      double clusterR2,
      double clusterR2Linear,
      double clusterOrthogonalityMae,
      double alignment,
      double accuracy,
      double temperatureRatio,
      double seconds,
      List<FactorFigure> factors)
      implements TrainingEvent {
    public Probe {
      r2PerDim = List.copyOf(r2PerDim);
      factors = List.copyOf(factors);
    }
  }

  /**
   * How well an affine decoder from the features reads one factor on held-out samples.
   *
   * @param correlation Pearson's r of the decoded and the true values (the paper's figure)
   * @param r2 R² of the decoded values
   */
  record FactorFigure(String factor, double correlation, double r2) {}

  /**
   * The paper's raw-pixel baseline of a sprites run: the factor decoders fitted on the images
   * instead of the features. Measured once per run start, on a thread of its own; its figures
   * do not depend on the model, so {@code step} is only the step the run started at.
   */
  record PixelBaseline(long step, List<FactorFigure> factors, double seconds)
      implements TrainingEvent {
    public PixelBaseline {
      factors = List.copyOf(factors);
    }
  }

  /** A probe snapshot dropped because the previous probe was still running. */
  record ProbeDropped(long step) implements TrainingEvent {}

  /**
   * A probe that could not be scored (its figures are missing, training goes on).
   *
   * @param reason what went wrong, in one line
   */
  record ProbeFailed(long step, String reason) implements TrainingEvent {}

  /** A checkpoint was written. */
  record Checkpointed(long step, long bytes, double seconds) implements TrainingEvent {}

  /**
   * A write to the run directory failed (the disk is full, or an I/O error); the run goes on,
   * keeps what it could not write, and tries again later.
   */
  record WriteFailed(long step, RunFile file, WriteFailure reason) implements TrainingEvent {}

  /** Files of the run directory whose failed writes are counted. */
  enum RunFile {
    CHECKPOINT,
    PROBES
  }

  /** Why a write failed, in few enough words to be a metric label. */
  enum WriteFailure {
    NO_SPACE,
    IO_ERROR;

    /** No space covers a full disk and an exhausted quota; anything else is an I/O error. */
    public static WriteFailure of(Exception e) {
      String text = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
          ? f.getReason() : String.valueOf(e.getMessage());
      return text.contains("No space left on device") || text.contains("Disk quota exceeded")
          ? NO_SPACE : IO_ERROR;
    }
  }

  /** Training diverged and was rolled back to the checkpoint at {@code step}. */
  record RolledBack(long step, long fromStep, double learningRate, String reason)
      implements TrainingEvent {}

  /** The run's lifecycle state changed. */
  record StateChanged(long step, RunState state, String reason) implements TrainingEvent {}

  /** Lifecycle of a run, as dashboards see it. */
  enum RunState {
    RUNNING,
    STOPPED,
    FAILED
  }
}
