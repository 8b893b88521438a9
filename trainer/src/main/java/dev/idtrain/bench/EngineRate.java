package dev.idtrain.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.idtrain.config.Config;
import dev.idtrain.train.Learner;

/**
 * What the engine could do at best: its matrix-product rate on this machine, in the precision in
 * effect ({@code train.precision}), and the matrix-product work of one training step, from which
 * a step rate no pipeline can beat.
 */
final class EngineRate {
  private static final int GEMM_SIZE = 2048;
  private static final int GEMM_REPEATS = 3;

  private EngineRate() {}

  /**
   * GFLOP/s of a {@value #GEMM_SIZE}² matrix product of fp32 arrays (the best of
   * {@value #GEMM_REPEATS}, after one to warm up), with the kernel threads training uses.
   */
  static double gemmGflops(Device device) {
    try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
      NDArray a = manager.randomUniform(-1, 1, new Shape(GEMM_SIZE, GEMM_SIZE));
      NDArray b = manager.randomUniform(-1, 1, new Shape(GEMM_SIZE, GEMM_SIZE));
      a.matMul(b).getFloat(0, 0);
      double best = Double.MAX_VALUE;
      for (int i = 0; i < GEMM_REPEATS; i++) {
        long start = System.nanoTime();
        a.matMul(b).getFloat(0, 0); // reading a value waits for the product on any device
        best = Math.min(best, (System.nanoTime() - start) / 1e9);
      }
      return 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE / best / 1e9;
    }
  }

  /**
   * GFLOP of the matrix products in one step: every weight matrix (encoder layers and head) is
   * multiplied by the batch once forward and twice backward (gradients of its input and of
   * itself), 2 FLOP per multiply-add. Elementwise work (BatchNorm, activations, softmax) is
   * left out.
   */
  static double gflopPerStep(Config config, Device device) {
    long weights = 0;
    try (Learner learner = new Learner(config, device)) {
      for (Parameter p : learner.model().trainableParameters()) {
        if (p.getArray().getShape().dimension() == 2) {
          weights += p.getArray().size();
        }
      }
    }
    return 3 * 2.0 * config.train().batchSize() * weights / 1e9;
  }
}
