package dev.idtrain.train;

import ai.djl.Device;
import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigView;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.RunState;
import dev.idtrain.probe.Snapshot;
import dev.idtrain.event.TrainingEvent.RunFile;
import dev.idtrain.event.TrainingEvent.WriteFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training thread's run: each batch through the learner, then whatever the step calls for —
 * a checkpoint on schedule, or a rollback to the last one when training diverges — reported as
 * events; and, when a probe is due, a snapshot of plain arrays.
 */
public final class TrainingLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
  private final Config config;
  private final DataGeneratingProcess dgp;
  private final Learner learner;
  private final CheckpointStore store;
  private final Divergence divergence;
  private final RunPosition position = new RunPosition();
  private final CheckpointSchedule schedule;
  private final RollbackPolicy rollbacks;
  private final HeldOutEncoder heldOut;
  private final LearningRateSchedule lrSchedule;
  /** The rate the schedule scales: the configured one, lowered by each rollback. */
  private float baseRate;
  private boolean failed;
  private String failure;

  /** Continues from {@code resume} when given, else starts fresh. */
  public TrainingLoop(Config config, DataGeneratingProcess dgp, Device device, CheckpointStore store,
      Checkpoint resume) {
    this.config = config;
    this.dgp = dgp;
    this.store = store;
    this.learner = new Learner(config, device);
    this.divergence = new Divergence(config.train().maxBadSteps(), config.train().divergenceFactor(),
        learner.headRows());
    this.schedule = new CheckpointSchedule(config.checkpoint());
    this.rollbacks = new RollbackPolicy(config.train(), resume == null ? 0 : resume.rollbacks());
    this.heldOut = new HeldOutEncoder(config, dgp, learner);
    this.lrSchedule = new LearningRateSchedule(config.train());
    this.baseRate = (float) config.train().learningRate();
    if (resume != null) {
      learner.restore(resume);
      baseRate = resume.learningRate();
      position.resume(resume);
      schedule.savedAt(position.step());
    }
  }

  /** A fresh run's checkpoint of step 0, so that a rollback always has somewhere to go. */
  public List<TrainingEvent> begin() {
    return schedule.saved(position.step()) ? List.of() : List.of(checkpoint());
  }

  public List<TrainingEvent> train(Batch batch, double samplerSeconds, int queueDepth) {
    long start = System.nanoTime();
    learner.setLearningRate((float) (baseRate * lrSchedule.factor(position.step())));
    StepOutcome outcome = learner.step(batch);
    position.advance(batch, outcome.finite() ? outcome.loss() : Double.NaN);
    List<TrainingEvent> events = new ArrayList<>(2);
    events.add(new TrainingEvent.Step(position.step(), position.samples(), outcome.loss(),
        learner.learningRate(), outcome.gradNorm(), outcome.finite(), secondsSince(start),
        samplerSeconds, queueDepth, position.elapsedSeconds()));
    if (divergence.observe(outcome) == Divergence.Verdict.ROLLBACK) {
      events.addAll(rollBack());
    } else if (!divergence.suspect() && schedule.due(position.step())) {
      events.add(checkpoint());
    }
    return events;
  }

  /** Ends the run: a last checkpoint unless training failed, then the final state. */
  public List<TrainingEvent> finish(String reason) {
    List<TrainingEvent> events = new ArrayList<>(2);
    if (!failed && !schedule.saved(position.step())) {
      events.add(checkpoint());
    }
    events.add(new TrainingEvent.StateChanged(position.step(),
        failed ? RunState.FAILED : RunState.STOPPED,
        failed ? failure : reason));
    return events;
  }

  /**
   * Writes a checkpoint of the current state. A write that fails (a full disk, an I/O error) costs
   * nothing but the checkpoint: training goes on, the older checkpoints stay, and the next
   * attempt comes an interval later.
   */
  private TrainingEvent checkpoint() {
    long start = System.nanoTime();
    long step = position.step();
    long bytes;
    DataGeneratingProcess.Drawn drawn = dgp.drawn();
    try {
      bytes = store.write(new Checkpoint(step, position.nextBatch(), position.samples(),
          position.elapsedSeconds(), baseRate, rollbacks.rollbacks(),
          ConfigView.toYaml(config), drawn.clusterVectors(), drawn.generatorWeights(),
          drawn.generatorThreshold(), learner.model().state(),
          learner.adam().updates(), learner.adam().means(), learner.adam().variances()));
    } catch (IOException e) {
      schedule.attemptedAt(step);
      WriteFailure reason = WriteFailure.of(e);
      LOG.warn("checkpoint at step {} not written ({}: {}); training goes on, next attempt in {} steps"
          + " or {} s", step, reason.name().toLowerCase(Locale.ROOT), e.getMessage(),
          config.checkpoint().everySteps(), config.checkpoint().everySeconds());
      return new TrainingEvent.WriteFailed(step, RunFile.CHECKPOINT, reason);
    }
    schedule.savedAt(step);
    return new TrainingEvent.Checkpointed(step, bytes, secondsSince(start));
  }

  /**
   * Back to the newest checkpoint on disk with the learning rate scaled down (checkpointed at
   * once, so the lowered rate survives a restart), or, after the allowed rollbacks or with no
   * checkpoint to go back to, a failed run. While checkpoints fail, the newest on disk may be
   * older than the schedule promises: the rollback goes further back, and the rate is scaled from
   * the current one, not the checkpoint's, so that successive rollbacks still compound.
   */
  private List<TrainingEvent> rollBack() {
    long from = position.step();
    if (!rollbacks.allowed()) {
      return fail("diverged at step " + from + " after " + rollbacks.rollbacks() + " rollbacks");
    }
    Checkpoint last;
    try {
      last = store.newest().orElse(null);
    } catch (IOException e) {
      return fail("diverged at step " + from + " and the checkpoints cannot be read ("
          + e.getMessage() + ")");
    }
    if (last == null) {
      return fail("diverged at step " + from + " with no checkpoint on disk to roll back to");
    }
    learner.restore(last);
    position.restore(last);
    baseRate = rollbacks.rollBack(baseRate);
    divergence.reset();
    return List.of(new TrainingEvent.RolledBack(position.step(), from, baseRate,
        "diverged: " + config.train().maxBadSteps() + " bad steps in a row"), checkpoint());
  }

  private List<TrainingEvent> fail(String reason) {
    failed = true;
    failure = reason;
    return List.of(new TrainingEvent.StateChanged(position.step(), RunState.FAILED, reason));
  }

  public boolean failed() {
    return failed;
  }

  public boolean probeDue() {
    return position.step() % config.probe().every() == 0;
  }

  /** Draws the step's fresh held-out set and encodes it, for a probe to score elsewhere. */
  public Snapshot snapshot() {
    return heldOut.snapshot(position);
  }

  public long step() {
    return position.step();
  }

  /** Index of the next training batch to draw; batches already drawn are never reused. */
  public long nextBatch() {
    return position.nextBatch();
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  @Override
  public void close() {
    learner.close();
  }
}
