package dev.idtrain.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A number as an array owned by {@code scope}: the one way a number enters a product or a
 * quotient with the engine's arrays.
 *
 * <p>The engine's number overloads ({@code mul(Number)}, {@code div(Number)}) wrap the number in
 * an array over a direct buffer and close that array at once. A product keeps its operand for
 * the backward pass, which then reads a buffer the garbage collector may have freed and reused
 * meanwhile: now and then a gradient scaled by garbage. This array is the engine's own memory,
 * with no direct buffer behind it, and is owned by the step's manager, so it lives until the
 * step ends, after the backward pass.
 */
public final class GraphScalar {
  private GraphScalar() {}

  public static NDArray of(float value, NDManager scope) {
    return scope.full(new Shape(), value);
  }
}
