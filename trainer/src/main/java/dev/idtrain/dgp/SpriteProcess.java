package dev.idtrain.dgp;

import dev.idtrain.config.Architecture;
import dev.idtrain.config.SpriteFactor;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * dSprites (Matthey et al., 2017) as a process: a sprite's five factors drawn uniformly, from
 * dSprites' grid or, {@code continuous}, from their ranges, and rendered
 * ({@link SpriteRenderer}). The shape is the class label; the latents are the other four
 * factors, in {@link SpriteFactor}'s order. Nothing is drawn from the seed: the process is the same
 * for every run.
 */
public final class SpriteProcess implements DataGeneratingProcess {
  static final int SCALES = 6;
  static final int ORIENTATIONS = 40;
  static final int POSITIONS = 32;
  static final double MIN_SCALE = 0.5;
  private static final SpriteShape[] SHAPES = SpriteShape.values();
  private static final int PIXELS = Architecture.SPRITE_SIDE * Architecture.SPRITE_SIDE;

  private final boolean continuous;

  public SpriteProcess(boolean continuous) {
    this.continuous = continuous;
  }

  @Override
  public Batch sample(long index, UniformRandomProvider rng, int n) {
    int factors = SpriteFactor.values().length;
    float[] z = new float[n * factors];
    float[] x = new float[n * PIXELS];
    int[] shapes = new int[n];
    for (int s = 0; s < n; s++) {
      int shape = rng.nextInt(SHAPES.length);
      double scale;
      double orientation;
      double posX;
      double posY;
      if (continuous) {
        scale = MIN_SCALE + (1 - MIN_SCALE) * rng.nextDouble();
        orientation = 2 * Math.PI * rng.nextDouble();
        posX = rng.nextDouble();
        posY = rng.nextDouble();
      } else {
        scale = MIN_SCALE + (1 - MIN_SCALE) * rng.nextInt(SCALES) / (SCALES - 1);
        orientation = 2 * Math.PI * rng.nextInt(ORIENTATIONS) / ORIENTATIONS;
        posX = (double) rng.nextInt(POSITIONS) / (POSITIONS - 1);
        posY = (double) rng.nextInt(POSITIONS) / (POSITIONS - 1);
      }
      SpriteRenderer.render(SHAPES[shape], scale, orientation, posX, posY, x, s * PIXELS);
      int o = s * factors;
      z[o + SpriteFactor.SCALE.ordinal()] = (float) scale;
      z[o + SpriteFactor.X.ordinal()] = (float) posX;
      z[o + SpriteFactor.Y.ordinal()] = (float) posY;
      z[o + SpriteFactor.ORIENTATION.ordinal()] = (float) orientation;
      shapes[s] = shape;
    }
    return new Batch(index, n, factors, PIXELS, z, x, shapes, shapes.clone());
  }

  @Override
  public Drawn drawn() {
    return Drawn.NOTHING;
  }
}
