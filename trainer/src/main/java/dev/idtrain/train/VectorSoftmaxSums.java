package dev.idtrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoftmaxSums} on the CPU's vector units, fused: a batch row's N logits are made,
 * exponentiated and folded into the sums in three passes over one buffer that stays in cache,
 * instead of one engine call per operation, each streaming its own array through memory (the
 * engine's path spends about 4 times as long on DIET's head at N = 10240). The rows of the
 * batch are shared out among {@code threads} threads.
 */
final class VectorSoftmaxSums implements SoftmaxSums {
  private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
  /** Batch rows folded together: each read of u and of the P^T s accumulator serves four. */
  private static final int GROUP = 4;
  /** Logits per row folded at a time, so that a group's exponentials stay in L1. */
  private static final int TILE = 1024;
  /**
   * exp(z - max) below e^-80 counts as 0: under 2e-35 of the sum (at least 1), far below its
   * round-off, and it keeps subnormal floats, which are many times slower, out of the products.
   */
  private static final float CUTOFF = -80f;

  private final int threads;
  private final ExecutorService helpers;
  private final Workspace[] workspaces;

  /** Per thread: a group's logits, then exponentials, and its share of P^T s (transposed). */
  private record Workspace(float[] z, float[] ptsT) {}

  VectorSoftmaxSums(int threads) {
    this.threads = threads;
    this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, runnable -> {
      Thread thread = new Thread(runnable, "softmax-sums");
      thread.setDaemon(true);
      return thread;
    });
    this.workspaces = new Workspace[threads];
  }

  @Override
  public Sums of(NDArray s, NDArray u, NDManager scope) {
    int batch = (int) s.getShape().get(0);
    int width = (int) s.getShape().get(1);
    int rows = (int) u.getShape().get(0);
    int stride = LANES.loopBound(rows + LANES.length() - 1);
    float[] sv = s.toFloatArray();
    float[] uT = new float[width * stride];
    float[] uv = u.toFloatArray();
    for (int j = 0; j < rows; j++) {
      for (int k = 0; k < width; k++) {
        uT[k * stride + j] = uv[j * width + k];
      }
    }
    float[] lse = new float[batch];
    float[] pu = new float[batch * width];
    Problem problem = new Problem(sv, uT, width, rows, stride, lse, pu);
    int groups = (batch + GROUP - 1) / GROUP;
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Workspace w = workspace(t, width, stride);
      int from = Math.min(batch, groups * t / threads * GROUP);
      int to = Math.min(batch, groups * (t + 1) / threads * GROUP);
      Runnable share = () -> problem.rows(from, to, w);
      if (t < threads - 1) {
        running.add(helpers.submit(share));
      } else {
        share.run();
      }
    }
    await(running);
    float[] pts = new float[rows * width];
    for (Workspace w : workspaces) {
      for (int k = 0; k < width; k++) {
        for (int j = 0; j < rows; j++) {
          pts[j * width + k] += w.ptsT()[k * stride + j];
        }
      }
    }
    return new Sums(scope.create(lse), scope.create(pu, new Shape(batch, width)),
        scope.create(pts, new Shape(rows, width)));
  }

  private Workspace workspace(int thread, int width, int stride) {
    Workspace w = workspaces[thread];
    if (w == null || w.ptsT().length != width * stride) {
      w = new Workspace(new float[GROUP * stride], new float[width * stride]);
      workspaces[thread] = w;
    }
    Arrays.fill(w.ptsT(), 0f);
    return w;
  }

  private static void await(List<Future<?>> running) {
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while summing the softmax", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("summing the softmax failed", e.getCause());
    }
  }

  @Override
  public void close() {
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }

  /**
   * One batch's inputs and outputs: s (B x D), u transposed and padded to {@code stride}
   * columns (D x stride), lse (B) and P u (B x D).
   */
  private record Problem(float[] s, float[] uT, int width, int rows, int stride, float[] lse,
      float[] pu) {

    void rows(int from, int to, Workspace w) {
      float[] inverseSums = new float[GROUP];
      for (int i = from; i < to; i += GROUP) {
        for (int r = 0; r < GROUP; r++) {
          inverseSums[r] = i + r < to ? exponentials(i + r, w.z(), r * stride) : 0f;
          if (i + r >= to) {
            Arrays.fill(w.z(), r * stride, (r + 1) * stride, 0f);
          }
        }
        fold(i, Math.min(GROUP, to - i), inverseSums, w);
      }
    }

    /**
     * Row i's exp(z_ik - max_k z_ik) into z from {@code at}, padding 0; sets lse_i and returns
     * 1 / sum_k exp(z_ik - max).
     */
    private float exponentials(int i, float[] z, int at) {
      int lanes = LANES.length();
      FloatVector max = FloatVector.broadcast(LANES, Float.NEGATIVE_INFINITY);
      for (int j = 0; j < stride; j += lanes) {
        FloatVector logit = FloatVector.zero(LANES);
        for (int k = 0; k < width; k++) {
          logit = FloatVector.fromArray(LANES, uT, k * stride + j)
              .fma(FloatVector.broadcast(LANES, s[i * width + k]), logit);
        }
        if (j + lanes > rows) {
          logit = logit.blend(Float.NEGATIVE_INFINITY, LANES.indexInRange(j, rows).not());
        }
        logit.intoArray(z, at + j);
        max = max.max(logit);
      }
      float peak = max.reduceLanes(VectorOperators.MAX);
      FloatVector sum = FloatVector.zero(LANES);
      for (int j = 0; j < stride; j += lanes) {
        FloatVector x = FloatVector.fromArray(LANES, z, at + j).sub(peak).max(CUTOFF);
        FloatVector e = x.lanewise(VectorOperators.EXP).blend(0f, x.compare(VectorOperators.LE, CUTOFF));
        e.intoArray(z, at + j);
        sum = sum.add(e);
      }
      float total = sum.reduceLanes(VectorOperators.ADD);
      lse[i] = peak + (float) Math.log(total);
      return 1f / total;
    }

    /**
     * Folds the exponentials of rows i..i+count-1 (rows past count are 0) into P u and the
     * thread's P^T s, a tile of columns at a time.
     */
    private void fold(int i, int count, float[] inverseSums, Workspace w) {
      float[] z = w.z();
      float[] ptsT = w.ptsT();
      int lanes = LANES.length();
      for (int tile = 0; tile < stride; tile += TILE) {
        int end = Math.min(stride, tile + TILE);
        for (int k = 0; k < width; k++) {
          FloatVector pu0 = FloatVector.zero(LANES);
          FloatVector pu1 = pu0;
          FloatVector pu2 = pu0;
          FloatVector pu3 = pu0;
          FloatVector p0 = FloatVector.broadcast(LANES, ps(i, 0, count, k, inverseSums));
          FloatVector p1 = FloatVector.broadcast(LANES, ps(i, 1, count, k, inverseSums));
          FloatVector p2 = FloatVector.broadcast(LANES, ps(i, 2, count, k, inverseSums));
          FloatVector p3 = FloatVector.broadcast(LANES, ps(i, 3, count, k, inverseSums));
          for (int j = tile; j < end; j += lanes) {
            FloatVector e0 = FloatVector.fromArray(LANES, z, j);
            FloatVector e1 = FloatVector.fromArray(LANES, z, stride + j);
            FloatVector e2 = FloatVector.fromArray(LANES, z, 2 * stride + j);
            FloatVector e3 = FloatVector.fromArray(LANES, z, 3 * stride + j);
            FloatVector uk = FloatVector.fromArray(LANES, uT, k * stride + j);
            pu0 = e0.fma(uk, pu0);
            pu1 = e1.fma(uk, pu1);
            pu2 = e2.fma(uk, pu2);
            pu3 = e3.fma(uk, pu3);
            FloatVector acc = FloatVector.fromArray(LANES, ptsT, k * stride + j);
            acc = e0.fma(p0, acc);
            acc = e1.fma(p1, acc);
            acc = e2.fma(p2, acc);
            acc = e3.fma(p3, acc);
            acc.intoArray(ptsT, k * stride + j);
          }
          addPu(i, 0, count, k, pu0, inverseSums);
          addPu(i, 1, count, k, pu1, inverseSums);
          addPu(i, 2, count, k, pu2, inverseSums);
          addPu(i, 3, count, k, pu3, inverseSums);
        }
      }
    }

    private void addPu(int i, int r, int count, int k, FloatVector partial, float[] inverseSums) {
      if (r < count) {
        pu[(i + r) * width + k] += partial.reduceLanes(VectorOperators.ADD) * inverseSums[r];
      }
    }

    /** s_{i+r,k} / sum_{i+r}: row i+r's weight in P^T s, 0 past the group's rows. */
    private float ps(int i, int r, int count, int k, float[] inverseSums) {
      return r < count ? s[(i + r) * width + k] * inverseSums[r] : 0f;
    }
  }
}
