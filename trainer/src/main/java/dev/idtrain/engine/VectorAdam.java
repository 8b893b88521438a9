package dev.idtrain.engine;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's update of one parameter in a single pass over the engine's own CPU memory (its arrays'
 * direct buffers, no copies). The engine's update is eleven operations per parameter, each a
 * pass of its own and a native call: about 1.2 ms a step at the default experiment against
 * 0.2 ms here.
 */
final class VectorAdam {
  private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();

  private VectorAdam() {}

  /**
   * m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2, w -= rate m / (sqrt(v) + eps),
   * in place on {@code weight}, {@code mean} and {@code variance} (contiguous CPU arrays).
   *
   * @param rate the learning rate with both bias corrections folded in
   */
  static void update(NDArray weight, NDArray gradient, NDArray mean, NDArray variance, float rate) {
    ByteBuffer w = weight.toByteBuffer(true);
    ByteBuffer g = gradient.toByteBuffer(true);
    ByteBuffer m = mean.toByteBuffer(true);
    ByteBuffer v = variance.toByteBuffer(true);
    int size = Math.toIntExact(weight.size());
    int i = 0;
    for (int bound = LANES.loopBound(size); i < bound; i += LANES.length()) {
      int at = i * Float.BYTES;
      FloatVector gi = FloatVector.fromByteBuffer(LANES, g, at, ORDER);
      FloatVector mi = FloatVector.fromByteBuffer(LANES, m, at, ORDER).mul(Adam.BETA1).add(gi.mul(1 - Adam.BETA1));
      FloatVector vi = FloatVector.fromByteBuffer(LANES, v, at, ORDER).mul(Adam.BETA2)
          .add(gi.mul(gi).mul(1 - Adam.BETA2));
      mi.intoByteBuffer(m, at, ORDER);
      vi.intoByteBuffer(v, at, ORDER);
      FloatVector.fromByteBuffer(LANES, w, at, ORDER).sub(mi.mul(rate).div(vi.sqrt().add(Adam.EPSILON)))
          .intoByteBuffer(w, at, ORDER);
    }
    for (; i < size; i++) {
      int at = i * Float.BYTES;
      float gi = g.getFloat(at);
      float mi = m.getFloat(at) * Adam.BETA1 + gi * (1 - Adam.BETA1);
      float vi = v.getFloat(at) * Adam.BETA2 + gi * gi * (1 - Adam.BETA2);
      m.putFloat(at, mi);
      v.putFloat(at, vi);
      w.putFloat(at, w.getFloat(at) - mi * rate / ((float) Math.sqrt(vi) + Adam.EPSILON));
    }
  }
}
