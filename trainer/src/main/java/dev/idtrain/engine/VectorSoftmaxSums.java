package dev.idtrain.engine;

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
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoftmaxSums} on the CPU's vector units, fused: a batch row's N logits are made,
 * exponentiated and folded into the sums in three passes over one buffer that stays in cache,
 * instead of one engine call per operation, each streaming its own array through memory (the
 * engine's path spends about 4 times as long on DIET's head at N = 10240). The rows of the
 * batch are shared out among {@code threads} threads.
 *
 * <p>The exponential and the sums of lanes come from {@link ExactLanes}, never from the Vector
 * API's lanewise EXP or float ADD reduction, whose round-off may differ between the interpreter
 * and compiled code: a run's trajectory would then depend on when the JIT compiled these loops.
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
  private Buffers buffers;
  private final Staging lseOut = new Staging();
  private final Staging puOut = new Staging();
  private final Staging ptsOut = new Staging();

  /** Per thread: a group's logits, then exponentials, and its share of P^T s (transposed). */
  private record Workspace(float[] z, float[] ptsT) {}

  /**
   * A batch's inputs and outputs as plain arrays, kept from one step to the next: made anew
   * each step, they were 650 KB of the 810 KB a DIET step allocated on the Java heap.
   */
  private record Buffers(float[] s, float[] u, float[] uT, float[] lse, float[] pu, float[] pts) {
    static Buffers sized(int batch, int width, int rows, int stride) {
      return new Buffers(new float[batch * width], new float[rows * width], new float[width * stride],
          new float[batch], new float[batch * width], new float[rows * width]);
    }

    boolean fit(int batch, int width, int rows, int stride) {
      return s.length == batch * width && u.length == rows * width && uT.length == width * stride;
    }
  }

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
    if (buffers == null || !buffers.fit(batch, width, rows, stride)) {
      buffers = Buffers.sized(batch, width, rows, stride);
    }
    float[] sv = buffers.s();
    float[] uv = buffers.u();
    float[] uT = buffers.uT();
    s.toByteBuffer(true).asFloatBuffer().get(sv);
    u.toByteBuffer(true).asFloatBuffer().get(uv);
    for (int j = 0; j < rows; j++) {
      for (int k = 0; k < width; k++) {
        uT[k * stride + j] = uv[j * width + k];
      }
    }
    float[] lse = buffers.lse();
    float[] pu = buffers.pu();
    Arrays.fill(pu, 0f);
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
    float[] pts = buffers.pts();
    Arrays.fill(pts, 0f);
    for (Workspace w : workspaces) {
      for (int k = 0; k < width; k++) {
        for (int j = 0; j < rows; j++) {
          pts[j * width + k] += w.ptsT()[k * stride + j];
        }
      }
    }
    return new Sums(lseOut.floats(lse, new Shape(batch), scope), puOut.floats(pu, new Shape(batch, width), scope),
        ptsOut.floats(pts, new Shape(rows, width), scope));
  }

  private Workspace workspace(int thread, int width, int stride) {
    Workspace w = workspaces[thread];
    if (w == null || w.z().length != GROUP * stride || w.ptsT().length != width * stride) {
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

    /** Rows [from, to) of the batch, a group at a time. */
    void rows(int from, int to, Workspace w) {
      float[] group = new float[GROUP * width];
      float[] scratch = new float[LANES.length()];
      float[] maxima = new float[GROUP];
      float[] inverseSums = new float[GROUP];
      for (int i = from; i < to; i += GROUP) {
        int count = Math.min(GROUP, to - i);
        Arrays.fill(group, 0f);
        System.arraycopy(s, i * width, group, 0, count * width);
        logits(group, w.z(), maxima);
        for (int r = 0; r < GROUP; r++) {
          if (r < count) {
            float sum = exponentiate(w.z(), r * stride, maxima[r], scratch);
            lse[i + r] = maxima[r] + (float) Math.log(sum);
            inverseSums[r] = 1f / sum;
          } else {
            Arrays.fill(w.z(), r * stride, (r + 1) * stride, 0f);
            inverseSums[r] = 0f;
          }
        }
        fold(i, count, group, inverseSums, w, scratch);
      }
    }

    /**
     * A group's logits z_rk = <s_r, u_k> into z (row r from r * stride; padding -inf) and each
     * row's maximum. The four rows share each load of u, and their independent sums keep the
     * multiply-adds' pipeline full.
     */
    private void logits(float[] group, float[] z, float[] maxima) {
      int lanes = LANES.length();
      FloatVector max0 = FloatVector.broadcast(LANES, Float.NEGATIVE_INFINITY);
      FloatVector max1 = max0;
      FloatVector max2 = max0;
      FloatVector max3 = max0;
      for (int j = 0; j < stride; j += lanes) {
        FloatVector z0 = FloatVector.zero(LANES);
        FloatVector z1 = z0;
        FloatVector z2 = z0;
        FloatVector z3 = z0;
        for (int k = 0; k < width; k++) {
          FloatVector uk = FloatVector.fromArray(LANES, uT, k * stride + j);
          z0 = uk.fma(FloatVector.broadcast(LANES, group[k]), z0);
          z1 = uk.fma(FloatVector.broadcast(LANES, group[width + k]), z1);
          z2 = uk.fma(FloatVector.broadcast(LANES, group[2 * width + k]), z2);
          z3 = uk.fma(FloatVector.broadcast(LANES, group[3 * width + k]), z3);
        }
        if (j + lanes > rows) {
          VectorMask<Float> padding = LANES.indexInRange(j, rows).not();
          z0 = z0.blend(Float.NEGATIVE_INFINITY, padding);
          z1 = z1.blend(Float.NEGATIVE_INFINITY, padding);
          z2 = z2.blend(Float.NEGATIVE_INFINITY, padding);
          z3 = z3.blend(Float.NEGATIVE_INFINITY, padding);
        }
        z0.intoArray(z, j);
        z1.intoArray(z, stride + j);
        z2.intoArray(z, 2 * stride + j);
        z3.intoArray(z, 3 * stride + j);
        max0 = max0.max(z0);
        max1 = max1.max(z1);
        max2 = max2.max(z2);
        max3 = max3.max(z3);
      }
      maxima[0] = max0.reduceLanes(VectorOperators.MAX);
      maxima[1] = max1.reduceLanes(VectorOperators.MAX);
      maxima[2] = max2.reduceLanes(VectorOperators.MAX);
      maxima[3] = max3.reduceLanes(VectorOperators.MAX);
    }

    /** One row's exp(z_k - max) in place from {@code at}; returns their sum. */
    private float exponentiate(float[] z, int at, float max, float[] scratch) {
      FloatVector sum = FloatVector.zero(LANES);
      for (int j = 0; j < stride; j += LANES.length()) {
        FloatVector x = FloatVector.fromArray(LANES, z, at + j).sub(max).max(CUTOFF);
        FloatVector e = ExactLanes.exp(x).blend(0f, x.compare(VectorOperators.LE, CUTOFF));
        e.intoArray(z, at + j);
        sum = sum.add(e);
      }
      return ExactLanes.sum(sum, scratch);
    }

    /**
     * Folds the exponentials of rows i..i+count-1 (rows past count are 0) into P u and the
     * thread's P^T s, a tile of columns at a time.
     */
    private void fold(int i, int count, float[] group, float[] inverseSums, Workspace w,
        float[] scratch) {
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
          // Row r's weight in P^T s: s_rk / sum_r.
          FloatVector p0 = FloatVector.broadcast(LANES, group[k] * inverseSums[0]);
          FloatVector p1 = FloatVector.broadcast(LANES, group[width + k] * inverseSums[1]);
          FloatVector p2 = FloatVector.broadcast(LANES, group[2 * width + k] * inverseSums[2]);
          FloatVector p3 = FloatVector.broadcast(LANES, group[3 * width + k] * inverseSums[3]);
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
          addPu(i, 0, count, k, ExactLanes.sum(pu0, scratch), inverseSums);
          addPu(i, 1, count, k, ExactLanes.sum(pu1, scratch), inverseSums);
          addPu(i, 2, count, k, ExactLanes.sum(pu2, scratch), inverseSums);
          addPu(i, 3, count, k, ExactLanes.sum(pu3, scratch), inverseSums);
        }
      }
    }

    private void addPu(int i, int r, int count, int k, float partial, float[] inverseSums) {
      if (r < count) {
        pu[(i + r) * width + k] += partial * inverseSums[r];
      }
    }
  }
}
