package dev.idtrain.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.RunFile;
import dev.idtrain.event.TrainingEvent.WriteFailed;
import dev.idtrain.event.TrainingEvent.WriteFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeLogTest {
  @TempDir Path dir;
  private final List<TrainingEvent> failures = new ArrayList<>();

  @Test
  void aTornLineAndLinesPastTheResumedStepAreCut() throws Exception {
    Path file = dir.resolve("probes.csv");
    Files.writeString(file, ProbeRow.HEADER + "\n" + line(5) + line(10) + line(15) + "20,1.0,2");
    try (ProbeLog log = ProbeLog.open(file, List.of(), 10, failures::add)) {
      log.record(probe(15));
    }
    assertThat(Files.readString(file)).isEqualTo(ProbeRow.HEADER + "\n" + line(5) + line(10) + line(15));
    assertThat(failures).isEmpty();
  }

  @Test
  void failedWritesAreReportedAndTheirLinesWrittenOnceTheFileCanBeWrittenAgain() throws Exception {
    // The log's folder is a plain file: every write fails until it becomes a folder.
    Path folder = Files.writeString(dir.resolve("run"), "");
    Path file = folder.resolve("probes.csv");
    ProbeLog log = ProbeLog.open(file, List.of(), 0, failures::add);
    log.record(probe(5));
    log.record(probe(10));
    log.record(probe(15));
    log.record(new TrainingEvent.RolledBack(10, 17, 1e-4, "test"));
    assertThat(failures).hasSize(5).allSatisfy(f -> assertThat(f)
        .isEqualTo(new WriteFailed(((WriteFailed) f).step(), RunFile.PROBES, WriteFailure.IO_ERROR)));

    Files.delete(folder);
    Files.createDirectory(folder);
    log.record(probe(15));
    log.close();
    assertThat(Files.readString(file))
        .isEqualTo(ProbeRow.HEADER + "\n" + line(5) + line(10) + line(15));
    assertThat(failures).hasSize(5);
  }

  @Test
  void linesKeptFromAFileOfAnOlderHeaderAreRewrittenUnderTodaysByColumnName() throws Exception {
    // The header before the head rows' map had columns of its own: those read NaN.
    Path file = dir.resolve("probes.csv");
    String older = "step,elapsed_s,loss,r2_affine,r2_linear,orthogonality_mae,cluster_r2,alignment,"
        + "accuracy,temperature_ratio";
    Files.writeString(file, older + "\n5,1.000,2.00000,0.500000,0.400000,0.100000,0.900000,"
        + "0.800000,0.700000,NaN\n10,1.000,2.00000,0.5,0.5,0.1,0.9,0.8,0.7,NaN\n");
    try (ProbeLog log = ProbeLog.open(file, List.of(), 5, failures::add)) {
      log.record(probe(10));
    }
    assertThat(Files.readString(file)).isEqualTo(ProbeRow.HEADER + "\n5,1.000,2.00000,0.500000,"
        + "0.400000,0.100000,0.900000,NaN,NaN,0.800000,0.700000,NaN\n" + line(10));
    assertThat(ProbeRow.parseAll(Files.readString(file), (n, text) -> {}))
        .extracting(ProbeRow::r2Linear).containsExactly(0.4, 0.5);
  }

  private static TrainingEvent.Probe probe(long step) {
    return new TrainingEvent.Probe(step, 1, 2, 0.5, 0.5, List.of(0.5), 0.1, 0.9, 0.85, 0.05, 0.8, 0.7,
        Double.NaN, 0.01, List.of());
  }

  private static String line(long step) {
    return step + ",1.000,2.00000,0.500000,0.500000,0.100000,0.900000,0.850000,0.0500000,"
        + "0.800000,0.700000,NaN\n";
  }
}
