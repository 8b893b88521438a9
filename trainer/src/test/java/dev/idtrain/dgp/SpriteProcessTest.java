package dev.idtrain.dgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.config.Architecture;
import dev.idtrain.config.SpriteFactor;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpriteProcessTest {
  private static final int N = 4000;

  private static Batch sample(boolean continuous, long seed, long index) {
    return new SpriteProcess(continuous).sample(index, Seeds.batch(seed, index), N);
  }

  @Test
  void aBatchIsAPureFunctionOfSeedAndIndex() {
    Batch a = sample(false, 7, 3);
    Batch b = sample(false, 7, 3);
    assertThat(a.x()).isEqualTo(b.x());
    assertThat(a.z()).isEqualTo(b.z());
    assertThat(sample(false, 7, 4).z()).isNotEqualTo(a.z());
  }

  @Test
  void aBatchDrawnIntoGivenBackImagesIsTheBatchDrawnFresh() {
    SpriteProcess process = new SpriteProcess(false);
    Batch first = process.sample(0, Seeds.batch(7, 0), N);
    process.recycle(first);
    Batch second = process.sample(1, Seeds.batch(7, 1), N);
    assertThat(second.x()).isSameAs(first.x()).isEqualTo(sample(false, 7, 1).x());
    process.recycle(second);
    // Images of another size (a probe's held-out set) are drawn fresh.
    assertThat(process.sample(2, Seeds.batch(7, 2), N / 2).x()).hasSize(N / 2 * 64 * 64);
  }

  @Test
  void eachImageIsTheRenderingOfItsFactors() {
    Batch batch = sample(true, 1, 0);
    int pixels = Architecture.SPRITE_SIDE * Architecture.SPRITE_SIDE;
    assertThat(batch.observedDim()).isEqualTo(pixels);
    assertThat(SpriteShape.values()).hasSize(Architecture.SPRITE_SHAPES);
    for (int s = 0; s < 20; s++) {
      float[] image = new float[pixels];
      float[] z = batch.z();
      int o = s * 4;
      SpriteRenderer.render(SpriteShape.values()[batch.label()[s]], z[o], z[o + 3], z[o + 1], z[o + 2],
          image, 0);
      float[] drawn = new float[pixels];
      System.arraycopy(batch.x(), s * pixels, drawn, 0, pixels);
      assertThat(drawn).isEqualTo(image);
    }
  }

  /** Factors come from dSprites' grid: 3 shapes, 6 scales, 40 orientations, 32 × 32 positions. */
  @Test
  void gridFactorsTakeDspritesValuesAndEachOfThem() {
    Batch batch = sample(false, 2, 0);
    Set<Integer> shapes = new HashSet<>();
    Set<Long> scales = new HashSet<>();
    Set<Long> orientations = new HashSet<>();
    Set<Long> xs = new HashSet<>();
    for (int s = 0; s < N; s++) {
      float[] z = batch.z();
      int o = s * SpriteFactor.values().length;
      shapes.add(batch.label()[s]);
      scales.add(onGrid((z[o] - 0.5) * 10));
      orientations.add(onGrid(z[o + 3] / (2 * Math.PI) * 40));
      xs.add(onGrid(z[o + 1] * 31));
      assertThat(onGrid(z[o + 2] * 31)).isBetween(0L, 31L);
    }
    assertThat(shapes).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(scales).hasSize(6).allSatisfy(i -> assertThat(i).isBetween(0L, 5L));
    assertThat(orientations).hasSize(40).allSatisfy(i -> assertThat(i).isBetween(0L, 39L));
    assertThat(xs).hasSize(32);
  }

  @Test
  void continuousFactorsFillTheirRanges() {
    Batch batch = sample(true, 3, 0);
    Set<Float> scales = new HashSet<>();
    for (int s = 0; s < N; s++) {
      float scale = batch.z()[s * 4];
      assertThat(scale).isBetween(0.5f, 1f);
      assertThat(batch.z()[s * 4 + 3]).isBetween(0f, (float) (2 * Math.PI));
      scales.add(scale);
    }
    assertThat(scales).hasSizeGreaterThan(N / 2);
  }

  /** The grid index a factor value stands for, checked to be a whole number. */
  private static long onGrid(double scaled) {
    long index = Math.round(scaled);
    assertThat(Math.abs(scaled - index)).isLessThan(1e-4);
    return index;
  }
}
