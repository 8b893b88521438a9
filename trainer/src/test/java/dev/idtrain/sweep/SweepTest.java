package dev.idtrain.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idtrain.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {
  /** A part of the paper grid keeps the indices and run ids the runs have in the whole grid. */
  @Test
  void onlyKeepsTheRunsWhoseLabelMatchesAGlobWithTheirIndicesAndIds() {
    Sweep whole = Sweep.load(Grids.PAPER, List.of(), null, null);
    Sweep part = whole.only(List.of("sup-kappa*", "diet-d10"));
    assertThat(part.points()).extracting(SweepPoint::label).containsOnly("sup-kappa5",
        "sup-kappa50", "sup-kappa5@2x", "sup-kappa50@2x", "diet-d10").hasSize(5 + 5 + 2 + 5);
    assertThat(part.points()).allSatisfy(p -> assertThat(whole.points().get(p.index())).isEqualTo(p));
    assertThat(whole.only(List.of("sup-{k10,k1000}")).points()).extracting(SweepPoint::label)
        .containsOnly("sup-k10", "sup-k1000").hasSize(10);
    assertThat(whole.only(List.of())).isSameAs(whole);
    assertThatThrownBy(() -> whole.only(List.of("sup-*", "tab4-*")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--only: 'tab4-*' matches no run's label; allowed: a glob matching one of"
            + " sup-base+kappa10, sup-d10,");
  }
}
