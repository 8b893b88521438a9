package dev.idtrain.dgp;

import dev.idtrain.config.Architecture;
import dev.idtrain.config.SpriteFactor;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
  /** Arrays wait here only until the next batch is drawn: a step gives one back, a batch takes it. */
  private static final int FREE_IMAGES = 4;

  /**
   * Image arrays given back by training steps. A batch's images are 16 MB at batch 1024: drawn
   * fresh each step they keep the collector busy and resident memory swinging with the heap.
   */
  private final BlockingQueue<float[]> free = new ArrayBlockingQueue<>(FREE_IMAGES);
  private final boolean continuous;

  public SpriteProcess(boolean continuous) {
    this.continuous = continuous;
  }

  @Override
  public Batch sample(long index, UniformRandomProvider rng, int n) {
    int factors = SpriteFactor.values().length;
    float[] z = new float[n * factors];
    float[] x = images(n * PIXELS);
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

  /** A zeroed array for the images, one given back if it fits. */
  private float[] images(int length) {
    float[] x = free.poll();
    if (x == null || x.length != length) {
      return new float[length];
    }
    Arrays.fill(x, 0);
    return x;
  }

  @Override
  public void recycle(Batch batch) {
    free.offer(batch.x());
  }

  @Override
  public Drawn drawn() {
    return Drawn.NOTHING;
  }
}
