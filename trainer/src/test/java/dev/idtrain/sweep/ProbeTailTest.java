package dev.idtrain.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.run.ProbeRow;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latest probe from the end of probes.csv, whatever its length, while the run appends. */
class ProbeTailTest {
  @TempDir Path dir;

  private static String line(long step, String r2, String clusterR2) {
    return step + ",1.5,2.0," + r2 + ",0.5,0.1," + clusterR2 + ",0.9,0.8,NaN\n";
  }

  @Test
  void readsTheLastCompleteLineOfALongFile() throws Exception {
    StringBuilder csv = new StringBuilder(ProbeRow.HEADER + "\n");
    for (int step = 5; step <= 5000; step += 5) {
      csv.append(line(step, "0." + step, "0.25"));
    }
    Path file = Files.writeString(dir.resolve("probes.csv"), csv);
    assertThat(Files.size(file)).isGreaterThan(40_000);
    assertThat(ProbeTail.read(file)).contains(new ProbeRow(5000, 1.5, 0.5000, 0.25, 0.1));

    // A line being written has no newline yet: the one before it is the latest.
    Files.writeString(file, csv + "5005,1.5,2.0,0.9");
    assertThat(ProbeTail.read(file)).contains(new ProbeRow(5000, 1.5, 0.5000, 0.25, 0.1));
  }

  @Test
  void noProbeYetIsEmptyAndNaNStaysNaN() throws Exception {
    Path file = dir.resolve("probes.csv");
    assertThat(ProbeTail.read(file)).isEmpty();
    Files.writeString(file, ProbeRow.HEADER + "\n");
    assertThat(ProbeTail.read(file)).isEmpty();
    Files.writeString(file, ProbeRow.HEADER + "\n" + line(25, "NaN", "0.125"));
    ProbeRow tail = ProbeTail.read(file).orElseThrow();
    assertThat(tail.step()).isEqualTo(25);
    assertThat(tail.r2()).isNaN();
    assertThat(tail.clusterR2()).isEqualTo(0.125);
  }

  @Test
  void aLineLongerThanTheWindowIsNotReadFromItsCutEnd() throws Exception {
    // Only the end of the last line is in the last 4 KiB: its cells no longer line up with the
    // columns, though the ones at the columns' places would parse.
    String padded = "1." + "0".repeat(5000);
    Path file = Files.writeString(dir.resolve("probes.csv"),
        ProbeRow.HEADER + "\n" + line(5, "0.5", "0.25") + "10,1.5," + padded + ",0.9,0.5,0.1,0.25,0.9,0.8,NaN\n");
    assertThat(ProbeTail.read(file)).isEmpty();
  }
}
