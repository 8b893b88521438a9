package dev.idtrain.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What a batch's softmax over the head's logits z = s u^T (s: B x D, u: N x D) contributes to
 * the cross-entropy and its gradients, without the B x N logits ever existing at once: for each
 * row i, lse_i = log sum_k exp z_ik, and with P = softmax(z) row by row, P u and P^T s.
 */
interface SoftmaxSums extends AutoCloseable {
  /**
   * @param lse B values lse_i
   * @param pu B x D, (P u)_i
   * @param pts N x D, P^T s
   */
  record Sums(NDArray lse, NDArray pu, NDArray pts) {}

  /** @param scope owns every array made here (a step's manager) */
  Sums of(NDArray s, NDArray u, NDManager scope);

  @Override
  default void close() {}

}
