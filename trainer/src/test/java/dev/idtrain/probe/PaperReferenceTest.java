package dev.idtrain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.config.Conditional;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.config.Objective;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper's tables as data: every row read, and every row found from its own configuration. */
class PaperReferenceTest {

  @Test
  void everyRowOfBothTablesIsThere() {
    List<PaperReference.Row> rows = PaperReference.rows();
    assertThat(rows).hasSize(33);
    assertThat(rows.stream().filter(r -> r.table() == 3)).hasSize(11)
        .allSatisfy(r -> assertThat(r.objective()).isEqualTo(Objective.SUPERVISED));
    assertThat(rows.stream().filter(r -> r.table() == 2 && !r.rowsNormalised())).hasSize(11);
    assertThat(rows.stream().filter(r -> r.table() == 2 && r.rowsNormalised())).hasSize(11)
        .allSatisfy(r -> assertThat(r.maeZ()).isNotNaN());
    assertThat(rows).allSatisfy(r -> assertThat(r.z()).isBetween(0.4, 1.0));
    assertThat(rows.stream().filter(r -> r.objective() == Objective.DIET))
        .allSatisfy(r -> assertThat(r.w()).isBetween(0.4, 1.0));
  }

  @Test
  void aRowCarriesEveryColumnAsTheTableHasIt() {
    PaperReference.Row d20 = PaperReference.of(config("train.objective=diet", "dgp.instances=1000",
        "dgp.dim=20", "model.normalizeRows=true")).orElseThrow();
    assertThat(d20.describe()).isEqualTo("Tab. 2 d20, normalised rows");
    assertThat(d20.z()).isCloseTo(0.708, within(1e-12));
    assertThat(d20.w()).isCloseTo(0.971, within(1e-12));
    assertThat(d20.maeZ()).isEqualTo(0.03);
    assertThat(d20.maeW()).isEqualTo(0.0);

    PaperReference.Row laplace = PaperReference.of(config("dgp.conditional=laplace",
        "dgp.noiseScale=1.0")).orElseThrow();
    assertThat(laplace.describe()).isEqualTo("Tab. 3 laplace1");
    assertThat(laplace.z()).isCloseTo(0.854, within(1e-12));
    assertThat(laplace.w()).isNaN();
    assertThat(laplace.maeZ()).isNaN();
  }

  @Test
  void theBaseSettingIsTwoRowsOfTab3AndOtherConfigurationsNone() {
    assertThat(PaperReference.rowsOf(ConfigLoader.defaults())).extracting(PaperReference.Row::row)
        .containsExactly("base", "kappa10");
    assertThat(PaperReference.r2(ConfigLoader.defaults())).isCloseTo(0.998, within(1e-12));
    // DIET rows are for N = 1000 (or 10⁵ in the ablation), not the default 10240.
    assertThat(PaperReference.of(config("train.objective=diet"))).isEmpty();
    assertThat(PaperReference.r2(config("dgp.dim=7"))).isNaN();
    assertThat(PaperReference.of(config("dgp.kappa=10", "dgp.conditional=normal", "dgp.noiseScale=2")))
        .isEmpty();
  }

  @Test
  void everyRowIsFoundFromTheConfigurationItDescribes() {
    for (PaperReference.Row row : PaperReference.rows()) {
      List<String> settings = new ArrayList<>(List.of(
          "train.objective=" + row.objective().name().toLowerCase(java.util.Locale.ROOT),
          "dgp.dim=" + row.dim(), "dgp.classes=" + row.classes(),
          "dgp.conditional=" + row.conditional().name().toLowerCase(java.util.Locale.ROOT),
          "model.normalizeRows=" + row.rowsNormalised()));
      settings.add(row.conditional() == Conditional.VMF ? "dgp.kappa=" + row.concentration()
          : "dgp.noiseScale=" + row.concentration());
      settings.add("dgp.instances=" + (row.instances() > 0 ? row.instances() : 10240));
      assertThat(PaperReference.rowsOf(config(settings.toArray(String[]::new))))
          .as(row.describe()).contains(row);
    }
  }

  private static Config config(String... settings) {
    return ConfigLoader.load(null, List.of(settings));
  }
}
