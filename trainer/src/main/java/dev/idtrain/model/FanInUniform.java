package dev.idtrain.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for (out, in) weight matrices: PyTorch's default for
 * nn.Linear, which the reference implementation trains with.
 */
final class FanInUniform implements Initializer {
  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    float bound = (float) (1 / Math.sqrt(shape.get(shape.dimension() - 1)));
    return manager.randomUniform(-bound, bound, shape, dataType);
  }
}
