package dev.idtrain.stream;

import dev.idtrain.config.Architecture;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.dgp.SpriteShape;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.probe.PixelBaseline;
import java.util.function.BooleanSupplier;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Measures a sprites run's raw-pixel baseline: draws its fit and scored images from the run's
 * baseline stream, in blocks, and hands them to {@link PixelBaseline}. Plain arrays only, so it
 * runs on a thread of its own beside training.
 */
final class PixelBaselineRun {
  private static final int BLOCK = 1024;

  private PixelBaselineRun() {}

  /** The baseline, or null if {@code givenUp} says so before the system is solved. */
  static TrainingEvent.PixelBaseline measure(DataGeneratingProcess dgp, long seed, long step,
      BooleanSupplier givenUp) {
    long start = System.nanoTime();
    UniformRandomProvider rng = Seeds.pixelBaseline(seed);
    PixelBaseline baseline = new PixelBaseline(Architecture.SPRITE_SIDE * Architecture.SPRITE_SIDE,
        SpriteShape.HEART.ordinal());
    for (int block = 0; block < PixelBaseline.FIT_SAMPLES / BLOCK; block++) {
      if (givenUp.getAsBoolean()) {
        return null;
      }
      Batch images = dgp.sample(block, rng, BLOCK);
      baseline.fit(images.x(), images.z(), images.label());
    }
    PixelBaseline.Scores scores = baseline.solve();
    for (int block = 0; block < PixelBaseline.SCORE_SAMPLES / BLOCK; block++) {
      Batch images = dgp.sample(block, rng, BLOCK);
      scores.score(images.x(), images.z(), images.label());
    }
    return new TrainingEvent.PixelBaseline(step, scores.figures(), (System.nanoTime() - start) / 1e9);
  }
}
