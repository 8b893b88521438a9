package dev.idtrain.train;

import ai.djl.Device;
import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.probe.ProbeSnapshot;
import dev.idtrain.telemetry.TrainingEvent;
import dev.idtrain.telemetry.TrainingEvent.RunState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The training thread's run: the learner, the counters and the clock; checkpoints on schedule;
 * rollback to the last checkpoint, with a lower learning rate, when training diverges. Turns
 * each batch into events and, when a probe is due, into a snapshot of plain arrays.
 */
public final class Trainer implements AutoCloseable {
  private final Config config;
  private final DataGeneratingProcess dgp;
  private final Learner learner;
  private final CheckpointStore store;
  private final Divergence divergence;
  private final long sessionStart = System.nanoTime();
  private double elapsedBefore;
  private long step;
  private long samples;
  private long nextBatch;
  private int rollbacks;
  private double loss = Double.NaN;
  private long checkpointedStep = -1;
  private long checkpointedNanos = System.nanoTime();
  private boolean failed;

  /** Continues from {@code resume} when given, else starts fresh. */
  public Trainer(Config config, DataGeneratingProcess dgp, Device device, CheckpointStore store,
      Checkpoint resume) {
    this.config = config;
    this.dgp = dgp;
    this.store = store;
    this.learner = new Learner(config, device);
    this.divergence = new Divergence(config.train().maxBadSteps(), config.train().divergenceFactor(),
        learner.headRows());
    if (resume != null) {
      restore(resume);
      elapsedBefore = resume.elapsedSeconds();
      rollbacks = resume.rollbacks();
      checkpointedStep = step;
    }
  }

  /** A fresh run's checkpoint of step 0, so that a rollback always has somewhere to go. */
  public List<TrainingEvent> begin() {
    return checkpointedStep == step ? List.of() : List.of(checkpoint());
  }

  public List<TrainingEvent> train(Batch batch, double samplerSeconds, int queueDepth) {
    long start = System.nanoTime();
    StepOutcome outcome = learner.step(batch);
    step++;
    samples += batch.size();
    nextBatch = batch.index() + 1;
    if (outcome.finite()) {
      loss = outcome.loss();
    }
    List<TrainingEvent> events = new ArrayList<>(2);
    events.add(new TrainingEvent.Step(step, samples, outcome.loss(), learner.learningRate(),
        outcome.gradNorm(), outcome.finite(), secondsSince(start), samplerSeconds, queueDepth,
        elapsedSeconds()));
    if (divergence.observe(outcome) == Divergence.Verdict.ROLLBACK) {
      events.addAll(rollBack());
    } else if (checkpointDue()) {
      events.add(checkpoint());
    }
    return events;
  }

  /** Ends the run: a last checkpoint unless training failed, then the final state. */
  public List<TrainingEvent> finish(String reason) {
    List<TrainingEvent> events = new ArrayList<>(2);
    if (!failed && step != checkpointedStep) {
      events.add(checkpoint());
    }
    events.add(new TrainingEvent.StateChanged(step, failed ? RunState.FAILED : RunState.STOPPED,
        failed ? "diverged after " + rollbacks + " rollbacks" : reason));
    return events;
  }

  private boolean checkpointDue() {
    Config.Checkpoint every = config.checkpoint();
    return !divergence.suspect() && (step - checkpointedStep >= every.everySteps()
        || System.nanoTime() - checkpointedNanos >= every.everySeconds() * 1_000_000_000L);
  }

  private TrainingEvent checkpoint() {
    long start = System.nanoTime();
    long bytes;
    try {
      bytes = store.write(new Checkpoint(step, nextBatch, samples, elapsedSeconds(),
          learner.learningRate(), rollbacks, ConfigLoader.toYaml(config),
          dgp.clusterVectors().toArray(), dgp.generator().weights(),
          dgp.generator().conditionThreshold(), learner.model().state(),
          learner.adam().updates(), learner.adam().means(), learner.adam().variances()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint at step " + step, e);
    }
    checkpointedStep = step;
    checkpointedNanos = System.nanoTime();
    return new TrainingEvent.Checkpointed(step, bytes, secondsSince(start));
  }

  /**
   * Back to the newest checkpoint with the learning rate scaled down (checkpointed at once, so
   * the lowered rate survives a restart), or, after the allowed rollbacks, a failed run.
   */
  private List<TrainingEvent> rollBack() {
    long from = step;
    if (rollbacks >= config.train().maxRollbacks()) {
      failed = true;
      return List.of(new TrainingEvent.StateChanged(step, RunState.FAILED,
          "diverged at step " + from + " after " + rollbacks + " rollbacks"));
    }
    Checkpoint last;
    try {
      last = store.newest().orElseThrow(() -> new IllegalStateException("no checkpoint to roll back to"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoints to roll back", e);
    }
    restore(last);
    rollbacks++;
    learner.setLearningRate((float) (learner.learningRate() * config.train().rollbackLrFactor()));
    divergence.reset();
    return List.of(new TrainingEvent.RolledBack(step, from, learner.learningRate(),
        "diverged: " + config.train().maxBadSteps() + " bad steps in a row"), checkpoint());
  }

  /** Model, optimiser and step count from a checkpoint; the data stream only moves forward. */
  private void restore(Checkpoint c) {
    learner.restore(c);
    step = c.step();
    samples = c.samples();
    nextBatch = Math.max(nextBatch, c.nextBatch());
  }

  public boolean failed() {
    return failed;
  }

  public boolean probeDue() {
    return step % config.probe().every() == 0;
  }

  /** Draws the fresh held-out set of this step (DESIGN §2.3) and encodes it. */
  public ProbeSnapshot snapshot() {
    long start = System.nanoTime();
    Batch heldOut = dgp.sample(step, Seeds.probe(config.run().seed(), step), config.probe().samples());
    Encoded encoded = learner.encode(heldOut);
    return new ProbeSnapshot(step, elapsedSeconds(), loss, secondsSince(start), heldOut.dim(),
        heldOut.z(), encoded.features(), learner.targets(heldOut), encoded.predicted(),
        encoded.headRows(), config.train().objective(), dgp.clusterVectors().toArray(),
        encoded.temperature(), config.dgp().kappa(), config.model().normalizeRows(),
        config.model().learnTemperature());
  }

  public long step() {
    return step;
  }

  /** Index of the next training batch to draw; batches already drawn are never reused. */
  public long nextBatch() {
    return nextBatch;
  }

  public double elapsedSeconds() {
    return elapsedBefore + secondsSince(sessionStart);
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  @Override
  public void close() {
    learner.close();
  }
}
