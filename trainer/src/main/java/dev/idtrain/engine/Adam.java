package dev.idtrain.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import dev.idtrain.model.InPlace;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma & Ba), keeping its moments where a checkpoint can read and restore them (DJL's
 * own Adam hides them). On a CPU the update runs on the vector units ({@link VectorAdam}); on a
 * GPU, or without the Vector API, it is the engine's.
 */
public final class Adam {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  private final List<Parameter> parameters;
  private final List<NDArray> means = new ArrayList<>();
  private final List<NDArray> variances = new ArrayList<>();
  private final boolean vectorUnits;
  private long updates;

  /** Moments start at zero and live in the parameters' own manager. */
  public Adam(List<Parameter> parameters) {
    this(parameters, Devices.vectorUnits(parameters.get(0).getArray().getDevice()));
  }

  /** @param vectorUnits whether the update runs on the CPU's vector units, else in the engine */
  Adam(List<Parameter> parameters, boolean vectorUnits) {
    this.parameters = List.copyOf(parameters);
    this.vectorUnits = vectorUnits;
    for (Parameter p : parameters) {
      means.add(p.getArray().zerosLike());
      variances.add(p.getArray().zerosLike());
    }
  }

  /**
   * One update from the gradients of the last backward pass, which are then zeroed for the next.
   *
   * @param gradients one per parameter, in order
   */
  public void update(List<NDArray> gradients, float learningRate) {
    updates++;
    double correction1 = 1 - Math.pow(BETA1, updates);
    double correction2 = 1 - Math.pow(BETA2, updates);
    float corrected = (float) (learningRate * Math.sqrt(correction2) / correction1);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray weight = parameters.get(i).getArray();
      if (vectorUnits) {
        VectorAdam.update(weight, gradients.get(i), means.get(i), variances.get(i), corrected);
        InPlace.zero(gradients.get(i));
      } else {
        // The engine zeroes the weight's gradient itself.
        weight.getNDArrayInternal().adamUpdate(
            new NDList(weight, gradients.get(i), means.get(i), variances.get(i)),
            new NDList(weight), learningRate, corrected, 0f, 1f, -1f, BETA1, BETA2, EPSILON,
            false, false);
      }
    }
  }

  public long updates() {
    return updates;
  }

  /** First moments as plain arrays, one per parameter. */
  public List<float[]> means() {
    return values(means);
  }

  /** Second moments as plain arrays, one per parameter. */
  public List<float[]> variances() {
    return values(variances);
  }

  private static List<float[]> values(List<NDArray> arrays) {
    return arrays.stream().map(NDArray::toFloatArray).toList();
  }

  /** Restores moments and step count saved from an Adam over the same parameters. */
  public void restore(long updates, List<float[]> savedMeans, List<float[]> savedVariances) {
    this.updates = updates;
    for (int i = 0; i < parameters.size(); i++) {
      InPlace.overwrite(means.get(i), savedMeans.get(i));
      InPlace.overwrite(variances.get(i), savedVariances.get(i));
    }
  }
}
