package dev.idtrain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idtrain.config.Objective;
import org.junit.jupiter.api.Test;

class ProbeSnapshotTest {

  private static final double[][] V = {{1, 0}, {0, 1}, {-1, 0}};

  private static ProbeSnapshot of(float[] latents, float[] features, int[] targets,
      int[] predicted, float[] head, Objective objective) {
    return new ProbeSnapshot(0, 0, 0, 0, 2, latents, features, targets, predicted, head,
        objective, V, 1, 10, false, false);
  }

  @Test
  void knowsItsShapeAndTheClassOfEachHeadRow() {
    ProbeSnapshot diet = of(new float[4], new float[4], new int[] {0, 6}, new int[2],
        new float[14], Objective.DIET);
    assertThat(diet.samples()).isEqualTo(2);
    assertThat(diet.headCount()).isEqualTo(7);
    assertThat(diet.classOfRow(5)).isEqualTo(2);
    assertThat(diet.classOfRow(6)).isEqualTo(0);
    ProbeSnapshot supervised = of(new float[4], new float[4], new int[] {0, 2}, new int[2],
        new float[6], Objective.SUPERVISED);
    assertThat(supervised.classOfRow(2)).isEqualTo(2);
  }

  @Test
  void rejectsInconsistentShapes() {
    assertThatThrownBy(() -> of(new float[4], new float[6], new int[2], new int[2],
        new float[6], Objective.SUPERVISED)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> of(new float[4], new float[4], new int[3], new int[2],
        new float[6], Objective.SUPERVISED)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> of(new float[5], new float[5], new int[2], new int[2],
        new float[6], Objective.SUPERVISED)).isInstanceOf(IllegalArgumentException.class);
    // A supervised head has exactly one row per class.
    assertThatThrownBy(() -> of(new float[4], new float[4], new int[2], new int[2],
        new float[8], Objective.SUPERVISED)).isInstanceOf(IllegalArgumentException.class);
    // Targets must name a head row.
    assertThatThrownBy(() -> of(new float[4], new float[4], new int[] {0, 3}, new int[2],
        new float[6], Objective.SUPERVISED)).isInstanceOf(IllegalArgumentException.class);
  }
}
