package dev.idtrain.report;

import dev.idtrain.config.SpriteFactor;
import dev.idtrain.event.RunInfo;
import dev.idtrain.probe.PaperReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The report's tables: one row per point, and one per run. R² figures are in percent. */
final class Tables {
  static final String NONE = "—";

  private Tables() {}

  static Table points(Points points) {
    List<String> header = new ArrayList<>(List.of("#", "point", "paper row", "seeds", "paper R²",
        "R²", "gap", "verdict", "at 2× budget", "paper W→v", "cluster R²",
        "paper orthogonality error of z", "orthogonality error of z",
        "paper orthogonality error of W", "orthogonality error of W"));
    RunFigures.THRESHOLDS.forEach(t -> header.add("to R² " + t));
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < points.points().size(); i++) {
      Point p = points.points().get(i);
      List<String> row = new ArrayList<>(List.of(String.valueOf(i + 1), p.label(), paperRows(p),
          seeds(p), number("%.1f", p.paper() * 100), percent(p.r2()),
          number("%+.2f", (p.r2().mean() - p.paper()) * 100), points.verdict(p),
          twiceTheBudget(points, p),
          number("%.1f", p.paper(PaperReference.Row::w) * 100), percent(p.clusterR2()),
          number("%.2f", p.paper(PaperReference.Row::maeZ)), meanStd("%.4f", p.orthogonalityMae(), 1),
          number("%.2f", p.paper(PaperReference.Row::maeW)),
          meanStd("%.4f", p.clusterOrthogonalityMae(), 1)));
      for (int t = 0; t < RunFigures.THRESHOLDS.size(); t++) {
        row.add(reached(p.reached(t)));
      }
      rows.add(row);
    }
    return new Table(header, rows);
  }

  /**
   * The sprites points' factor decoding beside Tab. 4, a row per point and factor: correlations
   * from the features and from the raw pixels; orientation, which the paper does not report,
   * without a paper figure.
   */
  static Table sprites(Points points) {
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < points.points().size(); i++) {
      Point p = points.points().get(i);
      if (!p.sprites()) {
        continue;
      }
      for (String factor : SpriteFactor.labels()) {
        Optional<RunInfo.FactorReference> paper = PaperReference.table4().stream()
            .filter(r -> r.factor().equals(factor)).findFirst();
        double mlp = paper.map(RunInfo.FactorReference::correlation).orElse(Double.NaN);
        rows.add(List.of(String.valueOf(i + 1), p.label(), factor, seeds(p),
            meanStd("%.3f", p.correlation(factor), 1), number("%.2f", mlp),
            number("%+.3f", p.correlation(factor).mean() - mlp),
            meanStd("%.3f", p.pixelBaseline(factor), 1),
            number("%.2f", paper.map(RunInfo.FactorReference::pixels).orElse(Double.NaN)),
            meanStd("%.4f", p.accuracy(), 1)));
      }
    }
    return new Table(List.of("#", "point", "factor", "seeds", "r, features", "paper MLP", "gap",
        "r, raw pixels", "paper raw pixels", "shape accuracy"), rows);
  }

  /** Where each point's figures came from: every distinct provenance of its runs. */
  static Table provenance(Points points) {
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < points.points().size(); i++) {
      Point p = points.points().get(i);
      rows.add(List.of(String.valueOf(i + 1), p.label(), String.join("; ", p.provenance())));
    }
    return new Table(List.of("#", "point", "provenance"), rows);
  }

  static Table runs(Points points) {
    List<String> header = List.of("run", "point", "seed", "state", "steps", "time", "R²",
        "cluster R²", "orthogonality error of z", "orthogonality error of W");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < points.points().size(); i++) {
      Point p = points.points().get(i);
      for (int r = 0; r < p.runs().size(); r++) {
        RecordedRun run = p.runs().get(r);
        RunFigures f = p.figures().get(r);
        double seconds = run.probes().isEmpty() ? Double.NaN
            : run.probes().get(run.probes().size() - 1).elapsedSeconds();
        rows.add(List.of(run.id(), String.valueOf(i + 1), String.valueOf(run.seed()), run.state(),
            String.valueOf(run.steps()), number("%.0f s", seconds), number("%.2f", f.r2() * 100),
            number("%.2f", f.clusterR2() * 100), number("%.4f", f.orthogonalityMae()),
            number("%.4f", f.clusterOrthogonalityMae())));
      }
    }
    return new Table(header, rows);
  }

  /** The paper's rows a point reproduces, as its tables name them: {@code Tab. 3 base, kappa10}. */
  private static String paperRows(Point p) {
    List<PaperReference.Row> rows = p.paperRows();
    return rows.isEmpty() ? NONE : rows.get(0).describe() + rows.stream().skip(1)
        .map(r -> ", " + r.row()).collect(Collectors.joining());
  }

  /**
   * A point's convergence check: how far its seeds' R² moved when trained again at twice the
   * budget, and which seeds; for the check itself, the point it checks.
   */
  private static String twiceTheBudget(Points points, Point p) {
    OptionalInt checked = points.checkOf(p);
    if (checked.isPresent()) {
      return "check of #" + (checked.getAsInt() + 1);
    }
    return points.check(p).map(c -> {
      List<Long> seeds = p.pairedSeeds(c);
      return seeds.isEmpty() ? NONE : String.format(Locale.ROOT, "%+.2f (seed%s %s)",
          p.moved(c) * 100, seeds.size() == 1 ? "" : "s",
          seeds.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }).orElse(NONE);
  }

  /** How many seeds, and how many of them did not end normally. */
  private static String seeds(Point p) {
    Map<String, Long> unusual = p.runs().stream().filter(r -> !r.state().equals("stopped"))
        .collect(Collectors.groupingBy(RecordedRun::state, TreeMap::new, Collectors.counting()));
    String count = String.valueOf(p.runs().size());
    return unusual.isEmpty() ? count : count + " (" + unusual.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")";
  }

  private static String reached(Point.Reached r) {
    if (r.runs() == 0) {
      return NONE;
    }
    String text = String.format(Locale.ROOT, "%.0f steps, %.0f s", r.steps(), r.seconds());
    return r.runs() == r.of() ? text : text + " (" + r.runs() + "/" + r.of() + " seeds)";
  }

  private static String percent(Stats.MeanStd m) {
    return meanStd("%.2f", m, 100);
  }

  private static String meanStd(String format, Stats.MeanStd m, double scale) {
    String mean = number(format, m.mean() * scale);
    return Double.isNaN(m.std()) || mean.equals(NONE) ? mean
        : mean + " ± " + number(format, m.std() * scale);
  }

  static String number(String format, double x) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, format, x) : NONE;
  }
}
