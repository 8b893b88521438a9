package dev.idtrain.dgp;

/**
 * One batch of samples from the data generating process, as plain arrays that can cross
 * threads. Row-major: sample i's latent is {@code z[i * dim .. i * dim + dim)}. The arrays are
 * handed over, not copied; nobody modifies them after the sampler returns the batch, until
 * whoever read them last gives them back ({@link DataGeneratingProcess#recycle}).
 *
 * @param index the batch index whose random stream drew it (training batches: the step)
 * @param dim values per latent: d on the sphere, the sprite's four factors
 * @param observedDim values per observation: d on the sphere, 64 × 64 pixels for sprites
 * @param z latents, size×dim: on S^{d-1}, or (scale, x, y, orientation) of a sprite
 * @param x observations, size×observedDim: g(z), or the sprite's image
 * @param instance instance labels i in [0, N); a sprite's shape
 * @param label class labels i mod K; a sprite's shape
 */
public record Batch(long index, int size, int dim, int observedDim, float[] z, float[] x,
    int[] instance, int[] label) {

  public Batch {
    if (size < 0 || dim < 1 || observedDim < 1) {
      throw new IllegalArgumentException("size " + size + ", dim " + dim + ", observed " + observedDim);
    }
    if (z.length != (long) size * dim || x.length != (long) size * observedDim
        || instance.length != size || label.length != size) {
      throw new IllegalArgumentException("array lengths do not match " + size + "×" + dim
          + " latents and " + size + "×" + observedDim + " observations");
    }
  }
}
