package dev.idtrain.probe;

import dev.idtrain.config.Config;
import dev.idtrain.config.Monitor;
import dev.idtrain.event.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Early stopping as Keras' and Lightning's {@code EarlyStopping} do it, on a held-out figure:
 * the run has converged once the {@link ProbeWindow} median of the monitored figure ({@code
 * stop.monitor}) has not risen more than {@code stop.minDelta} above its best for {@code
 * stop.patience} probes in a row. A rollback takes back the probes past the step it returned
 * to, so the verdict is that of the trajectory that stands; a resumed run is first given the
 * probes its probes.csv kept.
 */
public final class Convergence implements Consumer<TrainingEvent> {
  private record Observed(long step, double value) {}

  private final Config.Stop rule;
  private final Consumer<String> onConverged;
  private final List<Observed> observed = new ArrayList<>();
  private ProbeWindow window;
  private double best;
  private long bestStep;
  private int wait;
  private String verdict;

  /** @param onConverged told once, with the reason, when the run converges */
  public Convergence(Config.Stop rule, Consumer<String> onConverged) {
    this.rule = rule;
    this.onConverged = onConverged;
    reset();
  }

  @Override
  public void accept(TrainingEvent event) {
    if (event instanceof TrainingEvent.Probe p) {
      observe(p.step(), p.r2Affine(), p.clusterR2());
    } else if (event instanceof TrainingEvent.RolledBack r) {
      rewind(r.step());
    }
  }

  /** One probe's figures, in step order (a live run's, or a probes.csv line's). */
  public void observe(long step, double r2Affine, double clusterR2) {
    double value = rule.monitor() == Monitor.CLUSTER ? clusterR2 : r2Affine;
    String reached;
    synchronized (this) {
      observed.add(new Observed(step, value));
      if (verdict != null || !judge(step, value)) {
        return;
      }
      reached = verdict;
    }
    onConverged.accept(reached);
  }

  /** Why the run converged; empty while it has not (always, with {@code stop.patience} 0). */
  public synchronized Optional<String> verdict() {
    return Optional.ofNullable(verdict);
  }

  /** Takes back the probes past {@code step}; a verdict given stands (the run is stopping). */
  private synchronized void rewind(long step) {
    observed.removeIf(o -> o.step() > step);
    if (verdict == null) {
      reset();
      observed.forEach(o -> judge(o.step(), o.value()));
    }
  }

  private void reset() {
    window = new ProbeWindow();
    best = Double.NEGATIVE_INFINITY;
    bestStep = -1;
    wait = 0;
    verdict = null;
  }

  /** Takes in the next probe; true when it makes the run converge. */
  private boolean judge(long step, double value) {
    double median = window.add(value);
    if (rule.patience() == 0 || Double.isNaN(median)) {
      return false;
    }
    if (bestStep < 0 || median > best + rule.minDelta()) {
      best = median;
      bestStep = step;
      wait = 0;
      return false;
    }
    if (++wait < rule.patience()) {
      return false;
    }
    verdict = String.format(Locale.ROOT, "converged: the window median of the %s has not risen"
        + " more than %s above its best (%.4f, step %d) for %d probes", rule.monitor().figure(),
        rule.minDelta(), best, bestStep, wait);
    return true;
  }
}
