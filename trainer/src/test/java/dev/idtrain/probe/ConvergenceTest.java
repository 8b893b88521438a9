package dev.idtrain.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.event.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Early stopping on hand-worked sequences of probes (one every 100 steps). */
class ConvergenceTest {
  private final List<String> told = new ArrayList<>();

  private Convergence convergence(String... settings) {
    Config.Stop rule = ConfigLoader.load(null, List.of(settings)).stop();
    return new Convergence(rule, told::add);
  }

  /** Probes at steps first, first + 100, ... with these affine R² (cluster R² NaN). */
  private static void feed(Convergence c, long first, double... r2) {
    for (int i = 0; i < r2.length; i++) {
      c.observe(first + 100L * i, r2[i], Double.NaN);
    }
  }

  @Test
  void aPlateauOfTheWindowMedianForPatienceProbesConverges() {
    Convergence c = convergence("stop.patience=3", "stop.minDelta=0.01");
    // Window medians from step 400: 0.1 (best), 0.1, 0.3 (best), 0.5 (best, step 700), then
    // 0.5, 0.5, 0.5025: three probes not 0.01 above the best.
    feed(c, 100, 0.1, 0.1, 0.1, 0.1, 0.5, 0.5, 0.5, 0.5, 0.505);
    assertThat(c.verdict()).isEmpty();
    feed(c, 1000, 0.505);
    assertThat(c.verdict()).hasValue("converged: the window median of the affine R² has not risen"
        + " more than 0.01 above its best (0.5000, step 700) for 3 probes");
    assertThat(told).containsExactly(c.verdict().orElseThrow());
    feed(c, 1100, 0.505, 0.505);
    assertThat(told).as("told once").hasSize(1);
  }

  @Test
  void oneLuckyProbeIsNoImprovementAndARiseBeyondTheDeltaIs() {
    Convergence c = convergence("stop.patience=2", "stop.minDelta=0.01");
    feed(c, 100, 0.5, 0.5, 0.5, 0.5, 0.9, 0.5); // medians 0.5, 0.5, 0.5: converged
    assertThat(c.verdict()).isPresent();

    Convergence rising = convergence("stop.patience=2", "stop.minDelta=0.01");
    // Medians 0.5, 0.5 (one without a rise), 0.55, 0.65, 0.75: each rise resets the count.
    feed(rising, 100, 0.5, 0.5, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9);
    assertThat(rising.verdict()).isEmpty();
  }

  @Test
  void aRollbackTakesBackTheProbesPastItsStep() {
    Convergence c = convergence("stop.patience=3", "stop.minDelta=0.01");
    feed(c, 100, 0.1, 0.1, 0.1, 0.1, 0.5, 0.5, 0.5, 0.5, 0.505); // two probes without a rise
    c.accept(new TrainingEvent.RolledBack(600, 900, 1e-4, "diverged"));
    // From step 600 (best 0.3): a new trajectory rises to 0.9 at step 900, then stays.
    feed(c, 700, 0.9, 0.9, 0.9, 0.9, 0.9);
    assertThat(c.verdict()).isEmpty();
    feed(c, 1200, 0.9);
    assertThat(c.verdict()).get().asString().contains("(0.9000, step 900) for 3 probes");
  }

  @Test
  void theClusterFigureCanBeMonitoredAndAPatienceOfZeroNeverStops() {
    Convergence cluster = convergence("stop.patience=1", "stop.monitor=cluster");
    for (int i = 0; i < 5; i++) {
      cluster.observe(100L * i, 0.1 * i, 0.7); // affine R² rising, cluster R² flat
    }
    assertThat(cluster.verdict()).get().asString().contains("cluster R²");

    Convergence off = convergence();
    feed(off, 100, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
    assertThat(off.verdict()).isEmpty();
    assertThat(told).hasSize(1);
  }

  @Test
  void probesWithoutAFigureNeverCountAsARise() {
    Convergence c = convergence("stop.patience=2");
    feed(c, 100, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    assertThat(c.verdict()).isPresent();
  }
}
