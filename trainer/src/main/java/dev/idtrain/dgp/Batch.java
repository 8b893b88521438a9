package dev.idtrain.dgp;

/**
 * One batch of samples from the data generating process, as plain arrays that can cross
 * threads. Row-major: sample i's latent is {@code z[i * dim .. i * dim + dim)}. The arrays are
 * handed over, not copied; nobody modifies them after the sampler returns the batch.
 *
 * @param index the batch index whose random stream drew it (training batches: the step)
 * @param z latents on S^{d-1}, size×dim
 * @param x observations g(z), size×dim
 * @param instance instance labels i in [0, N)
 * @param label class labels i mod K
 */
public record Batch(
    long index, int size, int dim, float[] z, float[] x, int[] instance, int[] label) {

  public Batch {
    if (size < 0 || dim < 1) {
      throw new IllegalArgumentException("size " + size + ", dim " + dim);
    }
    long values = (long) size * dim;
    if (z.length != values || x.length != values
        || instance.length != size || label.length != size) {
      throw new IllegalArgumentException("array lengths do not match " + size + "×" + dim);
    }
  }
}
