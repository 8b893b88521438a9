package dev.idtrain.report;

import dev.idtrain.config.DgpKind;
import dev.idtrain.event.TrainingEvent.FactorFigure;
import dev.idtrain.probe.PaperReference;
import dev.idtrain.probe.R2Crossings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One point of a report: the runs (one per seed) of the same experiment, and their figures
 * aggregated over seeds as mean ± standard deviation.
 *
 * @param label the keys that tell this point from the others, as {@code key=value}
 */
record Point(String label, Map<String, Object> keys, List<RecordedRun> runs,
    List<RunFigures> figures) {

  /** Mean over the seeds that reached a threshold, of their steps and times to it. */
  record Reached(int runs, int of, double steps, double seconds) {}

  static Point of(String label, Map<String, Object> keys, List<RecordedRun> runs) {
    return new Point(label, keys, runs,
        runs.stream().map(run -> RunFigures.of(run.probes(), run::r2, run::clusterR2)).toList());
  }

  /** Where its runs' figures came from, each distinct provenance once, in seed order. */
  List<String> provenance() {
    return runs.stream().map(run -> run.provenance() == null
        ? "unknown (its summary.json records none)" : run.provenance().describe()).distinct().toList();
  }

  /** The paper's rows its configuration reproduces (none, one, or a base setting's two). */
  List<PaperReference.Row> paperRows() {
    return PaperReference.rowsOf(runs.get(0).config());
  }

  /** A figure of its first paper row; NaN without a row or where the row has no figure. */
  double paper(ToDoubleFunction<PaperReference.Row> figure) {
    return paperRows().stream().mapToDouble(figure).findFirst().orElse(Double.NaN);
  }

  double paper() {
    return paper(PaperReference.Row::z);
  }

  boolean sprites() {
    return runs.get(0).config().dgp().kind() == DgpKind.SPRITES;
  }

  Stats.MeanStd accuracy() {
    return over(RunFigures::accuracy);
  }

  /** A sprites point's final correlation for one factor; NaN on the sphere. */
  Stats.MeanStd correlation(String factor) {
    return over(f -> f.correlations().getOrDefault(factor, Double.NaN));
  }

  /** The raw-pixel baseline's correlation for one factor, over the runs that measured it. */
  Stats.MeanStd pixelBaseline(String factor) {
    return Stats.meanStd(runs.stream().flatMap(run -> run.pixelBaseline().stream())
        .filter(f -> f.factor().equals(factor)).mapToDouble(FactorFigure::correlation).toArray());
  }

  Stats.MeanStd r2() {
    return over(RunFigures::r2);
  }

  Stats.MeanStd clusterR2() {
    return over(RunFigures::clusterR2);
  }

  Stats.MeanStd orthogonalityMae() {
    return over(RunFigures::orthogonalityMae);
  }

  Stats.MeanStd clusterOrthogonalityMae() {
    return over(RunFigures::clusterOrthogonalityMae);
  }

  /** Mean over seeds of their rise over the last 20% of steps; NaN if any run cannot tell. */
  double rise() {
    return figures.stream().mapToDouble(RunFigures::rise).average().orElse(Double.NaN);
  }

  /**
   * How far the R² of the seeds {@code check} trained again at twice the budget moved: the mean
   * over them of its run's figure less this point's run of the same seed; NaN if none is paired.
   */
  double moved(Point check) {
    Map<Long, Double> again = check.r2BySeed();
    return r2BySeed().entrySet().stream().filter(e -> again.containsKey(e.getKey()))
        .mapToDouble(e -> again.get(e.getKey()) - e.getValue()).average().orElse(Double.NaN);
  }

  /** The seeds {@code check} trained again that this point has too. */
  List<Long> pairedSeeds(Point check) {
    return check.r2BySeed().keySet().stream().filter(r2BySeed()::containsKey).toList();
  }

  /** Its runs' final R², by seed, in seed order. */
  private Map<Long, Double> r2BySeed() {
    Map<Long, Double> bySeed = new TreeMap<>();
    for (int r = 0; r < runs.size(); r++) {
      bySeed.put(runs.get(r).seed(), figures.get(r).r2());
    }
    return bySeed;
  }

  Reached reached(int threshold) {
    List<R2Crossings.Crossing> crossings = figures.stream()
        .map(f -> f.crossings().get(threshold)).flatMap(Optional::stream).toList();
    return new Reached(crossings.size(), figures.size(),
        crossings.stream().mapToLong(R2Crossings.Crossing::step).average().orElse(Double.NaN),
        crossings.stream().mapToDouble(R2Crossings.Crossing::elapsedSeconds).average().orElse(Double.NaN));
  }

  private Stats.MeanStd over(ToDoubleFunction<RunFigures> metric) {
    return Stats.meanStd(figures.stream().mapToDouble(metric).toArray());
  }
}
