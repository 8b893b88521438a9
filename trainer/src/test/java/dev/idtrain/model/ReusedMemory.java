package dev.idtrain.model;

import ai.djl.ndarray.NDManager;

/**
 * Puts a forward pass's garbage to the test: between a forward and a backward pass, whatever
 * only the garbage collector still kept alive is freed and its memory handed out again, filled
 * with junk. A backward pass that still reads such memory then computes a wrong gradient.
 */
public final class ReusedMemory {
  /** Small arrays, as many as it takes to be handed the freed blocks of an earlier pass's. */
  private static final int ARRAYS = 2000;

  private ReusedMemory() {}

  public static void churn(NDManager scope) {
    System.gc();
    try {
      // Direct buffers are freed by a cleaner thread, after the collection that finds them.
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (NDManager junk = scope.newSubManager()) {
      for (int i = 0; i < ARRAYS; i++) {
        junk.create(1e6f + i);
      }
    }
  }
}
