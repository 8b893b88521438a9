package dev.idtrain.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idtrain.config.ConfigException;
import dev.idtrain.probe.PaperReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpansionTest {
  private static List<SweepPoint> expand(String yaml, String... overrides) {
    return Expansion.expand(GridFile.parse(yaml, "test grid"), List.of(), List.of(overrides), null);
  }

  @Test
  void axesExpandAsACartesianProductWithTheLastAxisFastestAndSeedsInnermost() {
    List<SweepPoint> points = expand("""
        name: g
        seeds: 2
        axes:
          dgp.dim: [5, 10]
          dgp.kappa: [5, 50]
        """);
    assertThat(points).extracting(SweepPoint::settings).containsExactly(
        Map.of("dgp.dim", "5", "dgp.kappa", "5", "run.seed", "0"),
        Map.of("dgp.dim", "5", "dgp.kappa", "5", "run.seed", "1"),
        Map.of("dgp.dim", "5", "dgp.kappa", "50", "run.seed", "0"),
        Map.of("dgp.dim", "5", "dgp.kappa", "50", "run.seed", "1"),
        Map.of("dgp.dim", "10", "dgp.kappa", "5", "run.seed", "0"),
        Map.of("dgp.dim", "10", "dgp.kappa", "5", "run.seed", "1"),
        Map.of("dgp.dim", "10", "dgp.kappa", "50", "run.seed", "0"),
        Map.of("dgp.dim", "10", "dgp.kappa", "50", "run.seed", "1"));
    assertThat(points).extracting(SweepPoint::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    SweepPoint last = points.get(7);
    assertThat(last.config().dgp().dim()).isEqualTo(10);
    assertThat(last.config().dgp().kappa()).isEqualTo(50.0);
    assertThat(last.config().run().seed()).isEqualTo(1);
    assertThat(last.config().run().sweep()).isEqualTo("g");
    assertThat(last.config().telemetry().port()).as("a free port per run by default").isZero();
    assertThat(points).extracting(SweepPoint::runId).doesNotHaveDuplicates();
  }

  @Test
  void pointsKeepFileOrderLabelsAndBudgetsAndTheBaseAppliesUnderThem() {
    List<SweepPoint> points = expand("""
        name: g
        steps: 700
        seeds: [3, 1]
        base:
          dgp: {classes: 10}
          train.objective: diet
        points:
          - {label: small, dgp.dim: 4}
          - label: large
            steps: 900
            dgp:
              dim: 8
              classes: 20
        """);
    assertThat(points).extracting(SweepPoint::label).containsExactly("small", "small", "large", "large");
    assertThat(points).extracting(SweepPoint::steps).containsExactly(700L, 700L, 900L, 900L);
    assertThat(points).extracting(p -> p.config().run().seed()).containsExactly(3L, 1L, 3L, 1L);
    assertThat(points).extracting(p -> p.config().dgp().classes()).containsExactly(10, 10, 20, 20);
    assertThat(points).extracting(p -> p.config().run().point()).containsExactly("small", "small", "large", "large");
    assertThat(points.get(0).config().train().objective().name()).isEqualTo("DIET");
    assertThat(points.get(2).describe()).isEqualTo("dgp.dim=8 dgp.classes=20 run.seed=3");
  }

  @Test
  void pointsAndAxesTogetherCrossPointsOutermost() {
    List<SweepPoint> points = expand("""
        name: g
        points:
          - {label: sup, train.objective: supervised}
          - {label: diet, train.objective: diet}
        axes:
          dgp.dim: [5, 6, 7]
        """);
    assertThat(points).extracting(p -> p.label() + "/" + p.config().dgp().dim())
        .containsExactly("sup/5", "sup/6", "sup/7", "diet/5", "diet/6", "diet/7");
    assertThat(points).allSatisfy(p -> assertThat(p.steps()).isEqualTo(GridFile.DEFAULT_STEPS));
  }

  @Test
  void indicesAreStableWhenTheGridGrowsAtItsTail() {
    String grid = """
        name: g
        seeds: 2
        points:
          - {dgp.dim: 5}
          - {dgp.dim: 6}
        """;
    List<SweepPoint> before = expand(grid);
    List<SweepPoint> after = expand(grid + "  - {dgp.dim: 7}\n");
    assertThat(after).hasSize(6);
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i).runId()).isEqualTo(before.get(i).runId());
    }
    assertThat(expand(grid)).extracting(SweepPoint::runId)
        .as("the same grid, the same runs").isEqualTo(before.stream().map(SweepPoint::runId).toList());
  }

  @Test
  void commandLineSettingsApplyToEveryRunUnderThePointsOwnKeys() {
    List<SweepPoint> points = expand("""
        name: g
        axes: {dgp.dim: [5, 6]}
        """, "dgp.dim=9", "dgp.kappa=20");
    assertThat(points).extracting(p -> p.config().dgp().dim()).containsExactly(5, 6);
    assertThat(points).extracting(p -> p.config().dgp().kappa()).containsExactly(20.0, 20.0);
  }

  @Test
  void anInvalidRunIsRefusedNamingItsIndexSettingsKeyValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> expand("""
        name: g
        seeds: 2
        axes: {dgp.dim: [5, 100]}
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessage("grid g, point 2 (dgp.dim=100 run.seed=0): dgp.dim: 100 is not allowed;"
            + " allowed: integer in [2, 64]");
    assertThatThrownBy(() -> expand("""
        name: g
        points: [{dgp.dim: 5}, {dgp.colour: red}]
        """))
        .hasMessageStartingWith("grid g, point 1 (dgp.colour=\"red\"): dgp.colour: unknown key; known keys: dgp.kind, dgp.continuous, dgp.dim");
    assertThatThrownBy(() -> expand("""
        name: g
        points: [{label: a, dgp.dim: 5}, {label: b, dgp.dim: 5}]
        """))
        .hasMessageContaining("point 1 (dgp.dim=5): run.id: ")
        .hasMessageContaining("is already point 0's");
    assertThatThrownBy(() -> expand("""
        name: g
        points: [{dgp.dim: 5}]
        axes: {dgp.dim: [6]}
        """)).hasMessageContaining("dgp.dim is set by the point and by an axis");
  }

  @Test
  void malformedGridFilesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> expand("name: Has Spaces\n"))
        .hasMessageStartingWith("test grid: name: \"Has Spaces\" is not allowed; allowed: 1 to 40 lower-case");
    assertThatThrownBy(() -> expand("name: g\nseeds: 0\n"))
        .hasMessageStartingWith("test grid: seeds: 0 is not allowed");
    assertThatThrownBy(() -> expand("name: g\nseeds: [1, 1]\n"))
        .hasMessageStartingWith("test grid: seeds: [1,1] is not allowed");
    assertThatThrownBy(() -> expand("name: g\naxes: {dgp.dim: 5}\n"))
        .hasMessageStartingWith("test grid: axes.dgp.dim: 5 is not allowed; allowed: a non-empty list");
    assertThatThrownBy(() -> expand("name: g\npoints: [{steps: 0}]\n"))
        .hasMessageStartingWith("test grid: points[0].steps: 0 is not allowed; allowed: an integer >= 1");
    assertThatThrownBy(() -> expand("name: g\nsteeps: 5\n"))
        .hasMessageStartingWith("test grid: steeps: unknown field");
  }

  @Test
  void convergenceSeedsRunAgainAtTwiceTheBudgetAfterTheGridsOwnRuns() {
    List<SweepPoint> points = expand("""
        name: g
        steps: 400
        seeds: 3
        convergenceSeeds: 1
        base:
          train: {lrSchedule: cosine, horizonSteps: 400}
        points:
          - {label: cosine}
          - {label: constant, train.lrSchedule: constant, stop.patience: 4, steps: 300}
        """);
    assertThat(points).hasSize(8);
    assertThat(points.subList(0, 6)).extracting(SweepPoint::label)
        .containsExactly("cosine", "cosine", "cosine", "constant", "constant", "constant");
    SweepPoint cosine = points.get(6);
    assertThat(cosine.index()).isEqualTo(6);
    assertThat(cosine.label()).isEqualTo("cosine@2x");
    assertThat(cosine.config().run().point()).isEqualTo("cosine@2x");
    assertThat(cosine.steps()).isEqualTo(800);
    assertThat(cosine.config().train().horizonSteps()).as("the schedule spans the new budget").isEqualTo(800);
    assertThat(cosine.config().run().seed()).isZero();
    assertThat(cosine.runId()).isEqualTo(points.get(0).runId() + "-2x");
    SweepPoint constant = points.get(7);
    assertThat(constant.label()).isEqualTo("constant@2x");
    assertThat(constant.steps()).isEqualTo(600);
    assertThat(constant.config().train().horizonSteps()).isEqualTo(400);
    assertThat(constant.config().stop().patience()).isEqualTo(8);
    assertThat(constant.runId()).as("the same experiment, longer: an id of its own")
        .isEqualTo(points.get(3).runId() + "-2x");

    assertThat(expand("name: g\nconvergenceSeeds: 1\n")).extracting(SweepPoint::label)
        .containsExactly("", "@2x");
    assertThatThrownBy(() -> expand("name: g\nseeds: 2\nconvergenceSeeds: 3\n"))
        .hasMessage("test grid: convergenceSeeds: 3 is not allowed; allowed: an integer in [0, 2]"
            + " (how many of each point's seeds run again at twice its budget)");
  }

  @Test
  void thePaperGridHasEveryReferenceRowWithFiveSeedsAndAConvergenceCheckEach() {
    GridFile paper = Grids.load(Grids.PAPER);
    List<SweepPoint> points = Expansion.expand(paper, List.of(), List.of(), null);
    assertThat(paper.points()).hasSize(30);
    assertThat(points).hasSize(30 * 5 + 30);
    // Every row of both tables, each reproduced by exactly one point.
    List<PaperReference.Row> covered = points.subList(0, 150).stream()
        .filter(p -> p.config().run().seed() == 0)
        .map(p -> PaperReference.rowsOf(p.config()))
        .peek(rows -> assertThat(rows).isNotEmpty())
        .flatMap(List::stream).toList();
    assertThat(covered).containsExactlyInAnyOrderElementsOf(PaperReference.rows());
    // A cosine schedule over each point's own budget, its check's over twice that.
    assertThat(points).allSatisfy(p -> assertThat(p.config().train().horizonSteps())
        .as(p.label()).isEqualTo(p.steps()));
    assertThat(points.subList(150, 180)).allSatisfy(p -> assertThat(p.label()).endsWith("@2x"));
    assertThat(Expansion.expand(paper, List.of(), List.of(), 300L).subList(0, 150))
        .allSatisfy(p -> assertThat(p.steps()).isEqualTo(300));
  }
}
