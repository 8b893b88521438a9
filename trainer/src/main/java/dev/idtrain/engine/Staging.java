package dev.idtrain.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Host arrays into the engine through one direct buffer, kept from call to call. The engine
 * copies a Java array into a new direct buffer that its array then reads, and only the garbage
 * collector frees that buffer: a DIET step left 35 of them, 240 KB, and up to 190 MB waited
 * between collections in the C heap, among the blocks of the engine's own arrays. An array made
 * here reads this object's buffer, so it is valid until the next call: each use keeps its own.
 */
public final class Staging {
  private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

  /** {@code values[from, from + shape.size())} as a float array of that shape. */
  public NDArray floats(float[] values, int from, Shape shape, NDManager scope) {
    int count = Math.toIntExact(shape.size());
    reserve(count * Float.BYTES).asFloatBuffer().put(values, from, count);
    return scope.create(buffer, shape, DataType.FLOAT32);
  }

  public NDArray floats(float[] values, Shape shape, NDManager scope) {
    return floats(values, 0, shape, scope);
  }

  public NDArray ints(int[] values, NDManager scope) {
    reserve(values.length * Integer.BYTES).asIntBuffer().put(values);
    return scope.create(buffer, new Shape(values.length), DataType.INT32);
  }

  private ByteBuffer reserve(int bytes) {
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    return buffer.clear().limit(bytes);
  }
}
