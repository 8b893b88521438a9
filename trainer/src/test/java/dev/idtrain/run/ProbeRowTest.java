package dev.idtrain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One probes.csv line read by the names in its file's header. */
class ProbeRowTest {
  @Test
  void columnsAreFoundByNameWhateverTheirOrderAndWhatElseThereIs() {
    ProbeRow.Columns columns =
        ProbeRow.Columns.of("added,orthogonality_mae,accuracy,cluster_r2,r2_linear,r2_affine,elapsed_s,step\r");
    assertThat(columns.parse("x,0.1,0.9,0.25,0.4,0.5,1.5,300\r"))
        .isEqualTo(new ProbeRow(300, 1.5, 0.5, 0.4, 0.25, Double.NaN, 0.1, Double.NaN, 0.9, Map.of()));
    ProbeRow row = ProbeRow.Columns.of(ProbeRow.HEADER)
        .parse("300,1.5,2.0,NaN,0.5,0.1,0.25,0.2,0.05,0.9,0.8,NaN");
    assertThat(row.r2()).isNaN();
    assertThat(row.clusterR2Linear()).isEqualTo(0.2);
    assertThat(row.clusterOrthogonalityMae()).isEqualTo(0.05);
  }

  @Test
  void aSpritesRunsFactorCorrelationsAreReadByTheirColumnsNames() {
    ProbeRow.Columns columns = ProbeRow.Columns.of(ProbeRow.header(List.of("scale", "x")));
    ProbeRow row = columns.parse("300,1.5,2.0,0.8,0.7,NaN,NaN,NaN,NaN,0.2,0.95,NaN,0.97,0.93,0.9,0.85");
    assertThat(row.correlations()).containsExactlyInAnyOrderEntriesOf(Map.of("scale", 0.97, "x", 0.93));
    assertThat(row.accuracy()).isEqualTo(0.95);
  }

  @Test
  void aHeaderWithoutAColumnIsRefusedNamingIt() {
    assertThatThrownBy(() -> ProbeRow.Columns.of("step,r2_affine,cluster_r2"))
        .hasMessage("no column 'elapsed_s' in its header");
  }

  @Test
  void onlyALineWithOneNumberPerColumnIsAProbe() {
    ProbeRow.Columns columns = ProbeRow.Columns.of(ProbeRow.HEADER);
    assertThatThrownBy(() -> columns.parse(ProbeRow.HEADER)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> columns.parse("300,1.5,2.0,0.5,0.5,0.1,0.25,0.9"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> columns.parse("300,1.5,2.0,0.5,0.5,0.1,0.25,0.2,0.05,0.9,0.8,NaN,7"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> columns.parse("300,1.5,2.0,,0.5,0.1,0.25,0.2,0.05,0.9,0.8,NaN"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
