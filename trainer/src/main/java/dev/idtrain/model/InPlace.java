package dev.idtrain.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Assignments into existing arrays: the array keeps its storage and identity, so whatever holds
 * it (optimiser, parameter store, autograd) keeps seeing the live values. By assignment rather
 * than arithmetic, so a NaN in the old values cannot survive.
 */
public final class InPlace {
  private static final NDIndex EVERYTHING = new NDIndex("...");

  private InPlace() {}

  public static void overwrite(NDArray target, float[] values) {
    try (NDManager scope = target.getManager().newSubManager()) {
      target.set(EVERYTHING, scope.create(values, target.getShape()));
    }
  }

  public static void copy(NDArray target, NDArray source) {
    target.set(EVERYTHING, source);
  }

  public static void zero(NDArray target) {
    target.set(EVERYTHING, 0f);
  }
}
