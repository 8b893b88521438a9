package dev.idtrain.report;

import dev.idtrain.config.ConfigLoader;
import dev.idtrain.config.ConfigView;
import dev.idtrain.config.SpriteFactor;
import dev.idtrain.event.TrainingEvent.FactorFigure;
import dev.idtrain.run.ProbeRow;
import dev.idtrain.run.Provenance;
import dev.idtrain.run.RunSummary;
import dev.idtrain.telemetry.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run directory by hand: config.yaml, probes.csv with chosen values, summary.json. */
final class HandMadeRun {
  private HandMadeRun() {}

  /** Probes every 100 steps, 2 s apart, with these R² values; cluster R² and error derived. */
  static Path write(Path dir, List<String> overrides, double... r2) throws IOException {
    return write(dir, overrides, "fp32", r2);
  }

  /** As {@link #write(Path, List, double...)}, measured on a CPU in {@code precision}. */
  static Path write(Path dir, List<String> overrides, String precision, double... r2)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.yaml"), ConfigView.toYaml(ConfigLoader.load(null, overrides)));
    StringBuilder csv = new StringBuilder(ProbeRow.HEADER).append('\n');
    for (int i = 0; i < r2.length; i++) {
      csv.append(String.format(Locale.ROOT, "%d,%.3f,1.0,%s,%s,%s,%s,%s,%s,0.5,0.5,NaN%n",
          (i + 1) * 100, 2.0 * (i + 1), r2[i], r2[i], orthogonality(r2[i]), clusterR2(r2[i]),
          clusterR2(r2[i]), clusterOrthogonality(r2[i])));
    }
    Files.writeString(dir.resolve("probes.csv"), csv);
    Provenance provenance = new Provenance("0.1.0", null, "cpu", precision, "as configured",
        "a test CPU", List.of("avx2"), "0.35.1", "2.7.1", "17", "Linux", "amd64");
    RunSummary summary = new RunSummary("hand-made", "stopped", "reached step", false, r2.length * 100L,
        r2.length * 100L * 1024, 2.0 * r2.length, 50, (long) r2.length * 100, 1.0, null, Map.of(),
        provenance, null);
    Files.write(dir.resolve(RunSummary.FILE), Json.FILES.writeValueAsBytes(summary));
    return dir;
  }

  /**
   * A sprites run of {@code probes} probes whose factor correlations are constant: scale 0.9,
   * x {@code x}, y 0.8, orientation NaN (no hearts fitted); accuracy 0.99; with a pixel baseline
   * of {@code pixelsX} for x and 0.6 for scale.
   */
  static Path sprites(Path dir, long seed, double x, double pixelsX, int probes) throws IOException {
    write(dir, List.of("dgp.kind=sprites", "probe.samples=2056", "run.seed=" + seed), new double[0]);
    StringBuilder csv = new StringBuilder(ProbeRow.header(SpriteFactor.labels())).append('\n');
    for (int i = 1; i <= probes; i++) {
      csv.append(String.format(Locale.ROOT,
          "%d,%d,0.1,0.7,0.7,NaN,NaN,NaN,NaN,0.3,0.99,NaN,0.9,%s,0.8,NaN,0.7,0.7,0.7,NaN%n",
          i * 100, i, x));
    }
    Files.writeString(dir.resolve("probes.csv"), csv);
    RunSummary written = Json.FILES.readValue(dir.resolve(RunSummary.FILE).toFile(), RunSummary.class);
    RunSummary summary = new RunSummary(written.run(), written.state(), written.reason(), false,
        probes * 100L, probes * 100L * 1024, probes, 50, probes * 100L, 0.1, null, Map.of(),
        written.provenance(), List.of(new FactorFigure("scale", 0.6, 0.36),
            new FactorFigure("x", pixelsX, pixelsX * pixelsX)));
    Files.write(dir.resolve(RunSummary.FILE), Json.FILES.writeValueAsBytes(summary));
    return dir;
  }

  static double clusterR2(double r2) {
    return r2 / 2;
  }

  static double orthogonality(double r2) {
    return 1 - r2;
  }

  static double clusterOrthogonality(double r2) {
    return orthogonality(r2) / 2;
  }
}
