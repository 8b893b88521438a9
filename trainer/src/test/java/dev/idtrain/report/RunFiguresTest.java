package dev.idtrain.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.probe.R2Crossings;
import dev.idtrain.run.ProbeRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figures of hand-made probes.csv files whose answers are worked out by hand in comments. */
class RunFiguresTest {
  @TempDir Path dir;

  /**
   * Probes at steps 100, 200, ... and 2 s apart. Window medians (mean of the middle two of the
   * last four): step 400 0.875, 500 0.92, 600 0.92, 700 0.9455, 800 0.9555, 900 0.965,
   * 1000 0.9775, 1100 0.9875, 1200 0.991, 1300 0.9925.
   */
  private static final double[] CLIMB = {0.80, 0.96, 0.85, 0.90, 0.94, 0.951, 0.96, 0.97, 0.985,
      0.99, 0.992, 0.993, 0.994};

  @Test
  void finalFiguresAreMediansOfTheLastFiveProbes() throws IOException {
    RunFigures f = figures(CLIMB);
    // last five: 0.985 0.99 0.992 0.993 0.994
    assertThat(f.r2()).isEqualTo(0.992);
    assertThat(f.clusterR2()).isEqualTo(HandMadeRun.clusterR2(0.992));
    assertThat(f.orthogonalityMae()).isCloseTo(HandMadeRun.orthogonality(0.992), within(1e-12));
  }

  @Test
  void oneBadProbeAtTheEndDoesNotDecide() throws IOException {
    assertThat(figures(0.97, 0.99, 0.98, 0.96, 0.50).r2()).isEqualTo(0.97);
  }

  @Test
  void thresholdsAreReachedByTheWindowMedianNotBySingleProbes() throws IOException {
    RunFigures f = figures(CLIMB);
    // The probe at step 200 alone is above 0.95; the window first is at step 800.
    assertThat(f.crossings()).containsExactly(
        Optional.of(new R2Crossings.Crossing(800, 16)),
        Optional.of(new R2Crossings.Crossing(1100, 22)),
        Optional.of(new R2Crossings.Crossing(1200, 24)));
  }

  @Test
  void aThresholdNeverReachedHasNoCrossing() throws IOException {
    RunFigures f = figures(0.94, 0.96, 0.94, 0.96, 0.94, 0.96);
    assertThat(f.crossings().get(0)).contains(new R2Crossings.Crossing(400, 8));
    assertThat(f.crossings().get(1)).isEmpty();
  }

  @Test
  void fewerProbesThanAWindowReachNothing() throws IOException {
    RunFigures f = figures(0.999, 0.999, 0.999);
    assertThat(f.crossings()).containsOnly(Optional.empty());
    assertThat(f.rise()).as("too short to tell").isNaN();
  }

  @Test
  void riseIsTheWindowMedianGainOverTheLastFifthOfTheSteps() throws IOException {
    // Last probe at step 1300; 80% of it is 1040, so the earlier window ends at step 1000.
    assertThat(figures(CLIMB).rise()).isCloseTo(0.9925 - 0.9775, within(1e-12));
    // Noise around a level does not rise.
    assertThat(figures(0.94, 0.96, 0.94, 0.96, 0.94, 0.96, 0.94, 0.96, 0.94, 0.96).rise()).isZero();
  }

  @Test
  void aLineTheRunHasNotFinishedWritingIsNotAProbe() throws IOException {
    Path run = HandMadeRun.write(dir.resolve("run"), List.of(), 0.5, 0.6);
    Files.writeString(run.resolve("probes.csv"), "300,6.0,1.0,0.9", java.nio.file.StandardOpenOption.APPEND);
    assertThat(ProbesCsv.read(run.resolve("probes.csv"))).extracting(ProbeRow::step).containsExactly(100L, 200L);
  }

  @Test
  void aRunWithNormalisedRowsIsReadByItsR2sWithoutIntercept() throws IOException {
    // The paper's code scores Tab. 2's normalised rows by the linear maps without intercept.
    Path normalised = HandMadeRun.write(dir.resolve("rows"), List.of("model.normalizeRows=true"), 0.9);
    Path plain = HandMadeRun.write(dir.resolve("plain"), List.of(), 0.9);
    for (Path run : List.of(normalised, plain)) {
      Path csv = run.resolve("probes.csv");
      Files.writeString(csv, Files.readString(csv).replace(",0.9,0.9,", ",0.9,0.8,")
          .replace(",0.45,0.45,", ",0.45,0.4,"));
    }
    List<RecordedRun> runs = RunDirectories.read(List.of(normalised, plain));
    assertThat(runs).extracting(run -> run.r2(run.probes().get(0))).containsExactly(0.8, 0.9);
    assertThat(runs).extracting(run -> run.clusterR2(run.probes().get(0)))
        .containsExactly(0.4, 0.45);
  }

  private RunFigures figures(double... r2) throws IOException {
    Path run = HandMadeRun.write(dir.resolve("run"), List.of(), r2);
    return RunFigures.of(ProbesCsv.read(run.resolve("probes.csv")), ProbeRow::r2,
        ProbeRow::clusterR2);
  }
}
