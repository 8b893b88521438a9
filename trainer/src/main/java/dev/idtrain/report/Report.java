package dev.idtrain.report;

import dev.idtrain.checkpoint.AtomicFiles;
import dev.idtrain.config.Experiment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A reproduction report over run directories: a self-contained HTML page and a markdown file
 * with its PNG charts beside it. Every input is read and checked before anything is written.
 */
public final class Report {
  /** What was written, and from how much. */
  public record Written(Path html, Path markdown, List<Path> images, int runs, int points) {}

  private static final String HOW_TO_READ = "Final figures: per run, the median of its last "
      + RunFigures.FINAL_PROBES + " probes; per point, the mean ± standard deviation over its "
      + "seeds. R² in percent; the paper's figures are means of 5 seeds after long training, "
      + "from the rows of its Tab. 2 and Tab. 3 that the point reproduces (W→v: its R² of the head "
      + "rows to the cluster vectors, our cluster R²). R² of z and cluster R²: of the affine "
      + "map, or, for a point whose head rows are normalised, of the linear map without "
      + "intercept, as the paper's code scores those rows of Tab. 2. Orthogonality error: the "
      + "mean absolute deviation of the no-intercept map's singular values from the value the "
      + "theorem predicts (of z: β/κ; of W, the head rows' map to the cluster vectors: 1), or, "
      + "for unnormalised rows, of their ratios to their mean from 1; \"—\" where a run's "
      + "probes.csv predates the column. "
      + "\"to R² t\": the first step (and the run's time then) at which the median R² of the last "
      + RunFigures.WINDOW + " probes reaches t, averaged over the seeds that reached it. "
      + "\"at 2× budget\": how far the R² of the seeds that ran again at twice the budget moved "
      + "(their point is labelled as this one with " + Experiment.CONVERGENCE_CHECK + "). Verdict: "
      + "\"not converged\" where that moved by " + Verdict.CONVERGED_POINTS + " point or more; "
      + "else within " + (int) Verdict.TOLERANCE_POINTS + " points of the paper; otherwise, for "
      + "a point without that check, \"not converged yet\" while its window median still rose "
      + "by more than " + (int) Verdict.RISING_POINTS + " point over the last 20% of the steps "
      + "(mean over seeds); otherwise how far off.";

  private static final String SPRITES = "Pearson's r of an affine decoder to each factor of the"
      + " sprite, fitted on half of a probe's fresh held-out set and scored on the other half:"
      + " from the encoder's features (per run the median of its last " + RunFigures.FINAL_PROBES
      + " probes) and, once per run, from the raw pixels. The paper's figures are its Tab. 4 (an"
      + " MLP on DisLib's dSprites); it does not report orientation. A sprites point's R² above"
      + " is the mean R² of scale, x and y.";

  private Report() {}

  /**
   * @param dirs run directories, or directories of them (a sweep's)
   * @param html the page to write; the markdown takes its name with {@code .md}
   * @throws ReportInputException naming the path that is not a run directory or cannot be read
   */
  public static Written write(List<Path> dirs, Path html) throws IOException {
    List<RecordedRun> runs = RunDirectories.read(dirs);
    Points points = Points.group(runs);
    Path folder = html.toAbsolutePath().getParent();
    String base = html.getFileName().toString().replaceFirst("\\.html?$", "");
    Path markdown = folder.resolve(base + ".md");

    Document.Image summary = new Document.Image(base + "-summary.png",
        "final R², measured vs paper", Charts.measuredVsPaper(points));
    List<Document.Image> curves = new ArrayList<>();
    for (int i = 0; i < points.points().size(); i++) {
      Point point = points.points().get(i);
      curves.add(new Document.Image(base + "-r2-" + (i + 1) + ".png",
          (i + 1) + ": " + point.label() + ", R² over steps", Charts.r2OverSteps(i + 1, point)));
    }
    List<Document.Section> sections = new ArrayList<>();
    sections.add(new Document.Section("Points", Tables.points(points), summary));
    if (points.points().stream().anyMatch(Point::sprites)) {
      sections.add(new Document.Section("Sprites: factor decoding (Tab. 4)",
          new Document.Text(SPRITES), Tables.sprites(points)));
    }
    sections.add(new Document.Section("Provenance", Tables.provenance(points)));
    sections.add(new Document.Section("R² over steps", List.copyOf(curves)));
    sections.add(new Document.Section("Runs", Tables.runs(points)));
    Document doc = new Document(notes(dirs, runs.size(), points), List.copyOf(sections));

    Files.createDirectories(folder);
    List<Path> images = new ArrayList<>();
    for (Document.Image image : doc.images()) {
      Path file = folder.resolve(image.file());
      AtomicFiles.write(file, image.png());
      images.add(file);
    }
    AtomicFiles.write(markdown, MarkdownWriter.render(doc).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(html, HtmlWriter.render(doc).getBytes(StandardCharsets.UTF_8));
    return new Written(html, markdown, images, runs.size(), points.points().size());
  }

  private static List<String> notes(List<Path> dirs, int runs, Points points) {
    List<String> notes = new ArrayList<>();
    notes.add(runs + (runs == 1 ? " run" : " runs") + " in " + points.points().size()
        + (points.points().size() == 1 ? " point" : " points") + ", read from "
        + dirs.stream().map(Path::toString).collect(Collectors.joining(", ")) + ".");
    if (!points.common().isEmpty()) {
      notes.add("Shared by all points (besides the defaults): " + points.common().entrySet()
          .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")) + ".");
    }
    notes.add(HOW_TO_READ);
    return notes;
  }
}
