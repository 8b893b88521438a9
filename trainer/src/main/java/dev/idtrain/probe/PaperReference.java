package dev.idtrain.probe;

import dev.idtrain.config.Conditional;
import dev.idtrain.config.DgpKind;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigView;
import dev.idtrain.config.Objective;
import dev.idtrain.config.SpriteFactor;
import dev.idtrain.event.RunInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The paper's figures, every row and column of its Tab. 2 (DIET) and Tab. 3 (supervised), from
 * the resource {@code paper-tables.csv} beside this class, and its Tab. 4 (dSprites) from {@code
 * paper-table-4.csv}; the one place the dashboards' reference series, {@code sweep --list}, the
 * live page and the report take them from.
 */
public final class PaperReference {

  /**
   * One row of a table, its figures as fractions (R²) or errors, NaN where the paper has none.
   *
   * @param row the row's name within its table and objective, e.g. {@code d10}, {@code laplace1}
   * @param concentration κ for vMF rows, the noise scale for Laplace and normal rows
   * @param instances N for DIET rows; 0 for supervised ones, which N does not enter
   * @param z affine R² of the features to the latents
   * @param w affine R² of the head rows to their cluster vectors (DIET)
   * @param maeZ orthogonality error of the map to the latents (normalised rows)
   * @param maeW orthogonality error of the head rows' map (normalised rows)
   */
  public record Row(int table, Objective objective, String row, int dim, int classes,
      Conditional conditional, double concentration, int instances, boolean rowsNormalised,
      double z, double w, double maeZ, double maeW) {

    /** The row as the paper's tables name it: {@code Tab. 2 d10, normalised rows}. */
    public String describe() {
      return "Tab. " + table + " " + row + (rowsNormalised ? ", normalised rows" : "");
    }

    boolean matches(Config config) {
      Config.Dgp dgp = config.dgp();
      double c = dgp.conditional() == Conditional.VMF ? dgp.kappa() : dgp.noiseScale();
      return dgp.kind() == DgpKind.SPHERE
          && config.train().objective() == objective && dgp.dim() == dim && dgp.classes() == classes
          && dgp.conditional() == conditional && c == concentration
          && config.model().normalizeRows() == rowsNormalised
          && (objective == Objective.SUPERVISED || dgp.instances() == instances);
    }
  }

  private static final List<Row> ROWS = load();
  /** Tab. 4's MLP column for the factors a sprites run decodes, with the raw-pixel column. */
  private static final RunInfo.Reference SPRITES = new RunInfo.Reference("Tab. 4 MLP", Double.NaN,
      Double.NaN, Double.NaN, Double.NaN, loadTable4());

  private PaperReference() {}

  /** Every row, in the resource's order: Tab. 3, then Tab. 2 unnormalised, then normalised. */
  public static List<Row> rows() {
    return ROWS;
  }

  /**
   * The rows a configuration reproduces: usually one, two where a table repeats its base
   * setting as a row of an ablation (Tab. 3's base and κ = 10), none where the paper has no row.
   */
  public static List<Row> rowsOf(Config config) {
    return ROWS.stream().filter(r -> r.matches(config)).toList();
  }

  /** The first row a configuration reproduces. */
  public static Optional<Row> of(Config config) {
    return ROWS.stream().filter(r -> r.matches(config)).findFirst();
  }

  /** The figures a run exports for its configuration's first row; {@code NONE} without one. */
  public static RunInfo.Reference reference(Config config) {
    if (config.dgp().kind() == DgpKind.SPRITES) {
      return SPRITES;
    }
    return of(config).map(r -> new RunInfo.Reference(r.describe(), r.z(), r.w(), r.maeZ(), r.maeW(),
        List.of()))
        .orElse(RunInfo.Reference.NONE);
  }

  /** Tab. 4's figures for the factors a sprites run decodes (scale, x, y). */
  public static List<RunInfo.FactorReference> table4() {
    return SPRITES.factors();
  }

  /** The paper's R² of z for a configuration; NaN where it has no row. */
  public static double r2(Config config) {
    return of(config).map(Row::z).orElse(Double.NaN);
  }

  private static List<Row> load() {
    List<Row> rows = new ArrayList<>();
    for (Cell cell : cells("paper-tables.csv")) {
      Conditional conditional = enumOf(Conditional.class, cell.get("conditional"));
      rows.add(new Row(Integer.parseInt(cell.get("table")),
          enumOf(Objective.class, cell.get("objective")), cell.get("row"),
          Integer.parseInt(cell.get("dim")), Integer.parseInt(cell.get("classes")), conditional,
          Double.parseDouble(cell.get(conditional == Conditional.VMF ? "kappa" : "scale")),
          cell.get("instances").isEmpty() ? 0 : Integer.parseInt(cell.get("instances")),
          Boolean.parseBoolean(cell.get("rows_normalised")), percent(cell.get("z")),
          percent(cell.get("w")), number(cell.get("mae_z")), number(cell.get("mae_w"))));
    }
    return List.copyOf(rows);
  }

  private static List<RunInfo.FactorReference> loadTable4() {
    return cells("paper-table-4.csv").stream()
        .filter(cell -> SpriteFactor.labels().contains(cell.get("factor")))
        .map(cell -> new RunInfo.FactorReference(cell.get("factor"),
            number(cell.get("mlp")), number(cell.get("pixels"))))
        .toList();
  }

  /** A resource's rows after its comments and header, each cell found by its column's name. */
  private static List<Cell> cells(String resource) {
    String text;
    try (InputStream in = PaperReference.class.getResourceAsStream(resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> lines = text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    List<String> header = Arrays.asList(lines.get(0).split(","));
    return lines.subList(1, lines.size()).stream().map(line -> {
      String[] values = line.split(",", -1);
      return (Cell) name -> values[header.indexOf(name)];
    }).toList();
  }

  private interface Cell {
    String get(String column);
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String text) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> ConfigView.lower(e).equals(text))
        .findFirst().orElseThrow(() -> new IllegalStateException("paper-tables.csv: " + text));
  }

  private static double percent(String cell) {
    return number(cell) / 100;
  }

  private static double number(String cell) {
    return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
  }
}
