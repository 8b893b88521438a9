package dev.idtrain.dgp;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent random streams derived from the run seed, one per (purpose, index).
 *
 * <p>Seeding is counter based: the samples of batch b depend only on (seed, b), so parallel
 * samplers stay deterministic whatever their scheduling, and a resumed run needs nothing but
 * the next batch index as its random state. Each stream is a xoshiro256++ generator whose full
 * 256-bit native state is derived here (so no library seed conversion, which could change
 * between versions, is involved) by hashing the triple with the SplitMix64 finaliser; distinct
 * triples give unrelated states, hence statistically independent streams.
 */
public final class Seeds {

  /** What a stream is used for; its ordinal is part of the stream's key. */
  enum Purpose {
    CLUSTER_VECTORS, GENERATOR, BATCH, PROBE, PIXEL_BASELINE
  }

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The stream that draws the cluster vectors v_1..v_K. */
  public static UniformRandomProvider clusterVectors(long seed) {
    return stream(seed, Purpose.CLUSTER_VECTORS, 0);
  }

  /** The stream that draws the generator's weight matrices (pool and accepted layers). */
  public static UniformRandomProvider generator(long seed) {
    return stream(seed, Purpose.GENERATOR, 0);
  }

  /** The stream of training batch {@code batchIndex}. */
  public static UniformRandomProvider batch(long seed, long batchIndex) {
    return stream(seed, Purpose.BATCH, batchIndex);
  }

  /** The stream of the held-out set of the probe at training step {@code step}. */
  public static UniformRandomProvider probe(long seed, long step) {
    return stream(seed, Purpose.PROBE, step);
  }

  /** The stream of a sprites run's raw-pixel baseline: its fit images, then its scored ones. */
  public static UniformRandomProvider pixelBaseline(long seed) {
    return stream(seed, Purpose.PIXEL_BASELINE, 0);
  }

  static UniformRandomProvider stream(long seed, Purpose purpose, long index) {
    return RandomSource.XO_SHI_RO_256_PP.create(state(seed, purpose.ordinal(), index));
  }

  /** The 4-word generator state of one stream; never all zero in practice (a 2^-256 event). */
  static long[] state(long seed, long purpose, long index) {
    long[] state = new long[4];
    for (int w = 0; w < state.length; w++) {
      // Each word absorbs the whole triple through a different starting constant, so every
      // word changes whenever any of seed, purpose or index does.
      long h = mix(seed + GOLDEN * (w + 1));
      h = mix(h ^ (purpose + GOLDEN * (w + 5)));
      state[w] = mix(h ^ index);
    }
    if ((state[0] | state[1] | state[2] | state[3]) == 0) {
      state[0] = GOLDEN;
    }
    return state;
  }

  /** SplitMix64's finaliser (Stafford's variant 13): a bijective 64-bit avalanche mix. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
