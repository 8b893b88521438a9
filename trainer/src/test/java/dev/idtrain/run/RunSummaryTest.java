package dev.idtrain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idtrain.event.TrainingEvent;
import dev.idtrain.probe.R2Crossings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {
  @TempDir Path dir;

  private static final Provenance PROVENANCE = new Provenance("0.1.0",
      "0123456789abcdef0123456789abcdef01234567-dirty", "cpu", "bf16", "auto: the CPU has AMX-BF16",
      "Intel(R) Xeon(R) Processor", List.of("avx2", "amx_bf16"), "0.35.1", "2.7.1", "17.0.15",
      "Linux 6.1", "amd64");

  /** What is written is what is read back; a figure that does not apply is null on disk, NaN after. */
  @Test
  void readsBackWhatItWrote() throws IOException {
    Map<String, R2Crossings.Crossing> crossings = new LinkedHashMap<>();
    crossings.put("0.95", new R2Crossings.Crossing(600, 60.5));
    crossings.put("0.99", null);
    RunSummary summary = new RunSummary("r", "stopped", "reached step 1000", false, 1000, 1_024_000,
        30.5, 32.8, 1000L, 2.4,
        new RunSummary.LastProbe(1000, 0.96, 0.95, List.of(0.97, 0.95), 0.1, 0.98, 0.97, 0.02, 0.78,
            0.27,
            Double.NaN, List.of(new TrainingEvent.FactorFigure("x", 0.97, 0.94))), crossings,
        PROVENANCE, List.of(new TrainingEvent.FactorFigure("x", 0.89, 0.79)));
    summary.write(dir);

    String json = Files.readString(dir.resolve(RunSummary.FILE));
    assertThat(json).contains("\"temperature_ratio\" : null", "\"precision\" : \"bf16\"",
        "\"wall_seconds\" : 30.5", "\"steps\" : 1000", "\"elapsed_seconds\" : 60.5");
    RunSummary read = RunSummary.read(dir).orElseThrow();
    assertThat(read.lastProbe().temperatureRatio()).isNaN();
    assertThat(read.lastProbe().factors()).containsExactly(new TrainingEvent.FactorFigure("x", 0.97, 0.94));
    assertThat(read.pixelBaseline()).containsExactly(new TrainingEvent.FactorFigure("x", 0.89, 0.79));
    assertThat(read).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
        .isEqualTo(summary);
    assertThat(PROVENANCE.describe())
        .isEqualTo("cpu bf16, idtrain 0.1.0 (0123456-dirty), Intel(R) Xeon(R) Processor [avx2 amx_bf16]");
  }

  @Test
  void noFileIsNoSummaryAndAnotherFileIsRefused() throws IOException {
    assertThat(RunSummary.read(dir)).isEmpty();
    Files.writeString(dir.resolve(RunSummary.FILE), "{\"steps\": 3}");
    assertThatThrownBy(() -> RunSummary.read(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a run summary");
  }
}
