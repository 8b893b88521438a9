package dev.idtrain.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The figures that a sweep's overview and a report read back from one line of {@code probes.csv}.
 * {@link ProbeLog} writes the file under {@link #header}; a reader finds the columns it needs by
 * name in the file's own header, so columns added later do not matter.
 *
 * @param r2 the affine R² of the latents ({@code r2_affine})
 * @param r2Linear the R² of the linear map without intercept ({@code r2_linear})
 * @param clusterR2Linear the cluster R² without intercept; NaN in files written before it was
 *     a column, like {@code clusterOrthogonalityMae}
 * @param correlations a sprites run's factor correlations (its {@code corr_} columns), by factor
 *     in the file's order; empty on the sphere
 */
public record ProbeRow(long step, double elapsedSeconds, double r2, double r2Linear, double clusterR2,
    double clusterR2Linear, double orthogonalityMae, double clusterOrthogonalityMae, double accuracy,
    Map<String, Double> correlations) {
  static final String CORRELATION = "corr_";

  public static final String HEADER = "step,elapsed_s,loss,r2_affine,r2_linear,orthogonality_mae,"
      + "cluster_r2,cluster_r2_linear,cluster_orthogonality_mae,alignment,accuracy,temperature_ratio";

  /**
   * The header of a run whose probes decode {@code factors} (a sprites run): {@link #HEADER},
   * then each factor's {@code corr_} column, then each one's {@code r2_} column.
   */
  public static String header(List<String> factors) {
    StringBuilder header = new StringBuilder(HEADER);
    factors.forEach(f -> header.append(",").append(CORRELATION).append(f));
    factors.forEach(f -> header.append(",r2_").append(f));
    return header.toString();
  }

  /**
   * The probes of a probes.csv's text, in file order, by the columns its first line names. What
   * follows the last newline is a line a running (or killed) run has not finished writing: not a
   * probe yet.
   *
   * @param notAProbe told of each whole line that is not a probe, by its line number (from 1);
   *     a reader that cannot go on throws from it
   * @throws IllegalArgumentException naming a column the header lacks
   */
  public static List<ProbeRow> parseAll(String text, BiConsumer<Integer, String> notAProbe) {
    String[] lines = text.split("\n", -1);
    Columns columns = Columns.of(lines[0]);
    List<ProbeRow> rows = new ArrayList<>();
    for (int i = 1; i < lines.length - 1; i++) {
      try {
        rows.add(columns.parse(lines[i]));
      } catch (IllegalArgumentException e) {
        notAProbe.accept(i + 1, lines[i]);
      }
    }
    return rows;
  }

  /** Where a header puts the columns a row is read from. */
  public static final class Columns {
    private final int count;
    private final int step;
    private final int elapsed;
    private final int r2;
    private final int r2Linear;
    private final int clusterR2;
    private final int clusterR2Linear;
    private final int orthogonality;
    private final int clusterOrthogonality;
    private final int accuracy;
    private final Map<String, Integer> correlations = new LinkedHashMap<>();

    private Columns(List<String> names) {
      count = names.size();
      step = index(names, "step");
      elapsed = index(names, "elapsed_s");
      r2 = index(names, "r2_affine");
      r2Linear = index(names, "r2_linear");
      clusterR2 = index(names, "cluster_r2");
      clusterR2Linear = names.indexOf("cluster_r2_linear");
      orthogonality = index(names, "orthogonality_mae");
      clusterOrthogonality = names.indexOf("cluster_orthogonality_mae");
      accuracy = index(names, "accuracy");
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).startsWith(CORRELATION)) {
          correlations.put(names.get(i).substring(CORRELATION.length()), i);
        }
      }
    }

    /**
     * The columns of a file whose first line is {@code header}.
     *
     * @throws IllegalArgumentException naming a column the header lacks
     */
    public static Columns of(String header) {
      return new Columns(List.of(header.strip().split(",", -1)));
    }

    /**
     * The row that {@code line} holds: one cell per column, the ones read all numbers.
     *
     * @throws IllegalArgumentException if it is not a probe line (a header, a line cut short)
     */
    public ProbeRow parse(String line) {
      String[] cells = line.strip().split(",", -1);
      if (cells.length != count) {
        throw new IllegalArgumentException(cells.length + " cells for " + count + " columns");
      }
      Map<String, Double> factors = new LinkedHashMap<>();
      correlations.forEach((factor, i) -> factors.put(factor, Double.parseDouble(cells[i])));
      return new ProbeRow(Long.parseLong(cells[step]), Double.parseDouble(cells[elapsed]),
          Double.parseDouble(cells[r2]), Double.parseDouble(cells[r2Linear]),
          Double.parseDouble(cells[clusterR2]), optional(cells, clusterR2Linear),
          Double.parseDouble(cells[orthogonality]), optional(cells, clusterOrthogonality),
          Double.parseDouble(cells[accuracy]),
          Collections.unmodifiableMap(factors));
    }

    /** A column that older files lack ({@code index} -1): NaN there. */
    private static double optional(String[] cells, int index) {
      return index < 0 ? Double.NaN : Double.parseDouble(cells[index]);
    }

    private static int index(List<String> names, String name) {
      int index = names.indexOf(name);
      if (index < 0) {
        throw new IllegalArgumentException("no column '" + name + "' in its header");
      }
      return index;
    }
  }
}
