package dev.idtrain.probe;

import dev.idtrain.config.SpriteFactor;
import dev.idtrain.event.TrainingEvent;

/**
 * A probe's snapshot on sprites ({@link FactorProbe} scores it): plain arrays only. Row-major:
 * sample m's features are {@code features[m * featureDim .. + featureDim)}, its factors
 * {@code factors[m * 4 .. + 4)} in {@link SpriteFactor}'s order (scale, x, y, orientation). The arrays are handed over, not copied.
 *
 * @param step training step the probe measures
 * @param elapsedSeconds run time at that step
 * @param loss training loss at that step
 * @param encodeSeconds time spent drawing and encoding the held-out set
 * @param featureDim values per feature vector
 * @param features encoder outputs f(x) in inference mode, M×featureDim
 * @param factors the sprites' factors, M×4
 * @param shapes each sprite's shape, the head's target
 * @param predicted the head's argmax per sample
 * @param heart the shape whose orientation is decoded: the one no turn leaves unchanged
 * @param headRows rows w_k of the head, one per shape, row-major
 */
public record FactorSnapshot(
    long step,
    double elapsedSeconds,
    double loss,
    double encodeSeconds,
    int featureDim,
    float[] features,
    float[] factors,
    int[] shapes,
    int[] predicted,
    int heart,
    float[] headRows) implements Snapshot {

  public FactorSnapshot {
    int samples = shapes.length;
    if (samples == 0 || features.length != samples * featureDim
        || factors.length != samples * SpriteFactor.values().length || predicted.length != samples) {
      throw new IllegalArgumentException(features.length + " feature values, " + factors.length
          + " factor values and " + predicted.length + " predictions for " + samples + " samples");
    }
    if (headRows.length == 0 || headRows.length % featureDim != 0) {
      throw new IllegalArgumentException(headRows.length + " head values are not K×" + featureDim);
    }
  }

  @Override
  public TrainingEvent.Probe score() {
    return FactorProbe.score(this);
  }

  /** M, the number of held-out samples. */
  public int samples() {
    return shapes.length;
  }
}
