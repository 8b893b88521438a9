package dev.idtrain.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.idtrain.config.Architecture;
import dev.idtrain.config.Config;
import dev.idtrain.train.Learner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the engine could do at best: its matrix-product rate on this machine, in the precision in
 * effect ({@code train.precision}), and the matrix-product work of one training step, from which
 * a step rate no pipeline can beat; and the rate the encoder's own products reach at their
 * shapes, which tells how much of the distance to that limit the shapes alone account for.
 */
final class EngineRate {
  private static final int GEMM_SIZE = 2048;
  private static final int GEMM_REPEATS = 10;
  private static final int PRODUCT_PASSES = 20;

  private EngineRate() {}

  /**
   * GFLOP/s of a {@value #GEMM_SIZE}² matrix product of fp32 arrays (the best of
   * {@value #GEMM_REPEATS}, after one to warm up), with the kernel threads training uses.
   */
  static double gemmGflops(Device device) {
    try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
      NDArray a = manager.randomUniform(-1, 1, new Shape(GEMM_SIZE, GEMM_SIZE));
      NDArray b = manager.randomUniform(-1, 1, new Shape(GEMM_SIZE, GEMM_SIZE));
      double seconds = fastest(GEMM_REPEATS, manager, () -> List.of(a.matMul(b)));
      return 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE / seconds / 1e9;
    }
  }

  /** The shapes (out × in) of a model's weight matrices, the encoder's and the head's. */
  record WeightMatrices(List<Shape> encoder, List<Shape> head) {}

  /** The configured model's weight matrices (a CNN's convolution kernels are not among them). */
  static WeightMatrices weightMatrices(Config config, Device device) {
    List<Shape> encoder = new ArrayList<>();
    List<Shape> head = new ArrayList<>();
    try (Learner learner = new Learner(config, device)) {
      Set<Parameter> ofHead = new HashSet<>(learner.model().head().getParameters().values());
      for (Parameter p : learner.model().trainableParameters()) {
        if (p.getArray().getShape().dimension() == 2) {
          (ofHead.contains(p) ? head : encoder).add(p.getArray().getShape());
        }
      }
    }
    return new WeightMatrices(encoder, head);
  }

  static double gflopPerStep(List<Shape> weights, int batch) {
    return Architecture.gflop(weights.stream().mapToLong(Shape::size).sum(), batch);
  }

  /**
   * GFLOP/s of the products {@link #gflopPerStep} counts for {@code weights}, alone, at their own
   * shapes: for each weight W (out × in), X·Wᵀ forward, dY·W and dYᵀ·X backward, on random arrays
   * with a batch of rows, in the layouts the engine's linear layer uses. The best of
   * {@value #PRODUCT_PASSES} passes over all of them, after one to warm up, as for
   * {@link #gemmGflops}.
   */
  static double productGflops(List<Shape> weights, int batch, Device device) {
    try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
      List<NDArray[]> operands = new ArrayList<>();
      for (Shape w : weights) {
        NDArray weight = manager.randomUniform(-1, 1, w);
        NDArray x = manager.randomUniform(-1, 1, new Shape(batch, w.get(1)));
        NDArray dy = manager.randomUniform(-1, 1, new Shape(batch, w.get(0)));
        operands.add(new NDArray[] {x, weight.transpose()});
        operands.add(new NDArray[] {dy, weight});
        operands.add(new NDArray[] {dy.transpose(), x});
      }
      double seconds = fastest(PRODUCT_PASSES, manager,
          () -> operands.stream().map(pair -> pair[0].matMul(pair[1])).toList());
      return gflopPerStep(weights, batch) / seconds;
    }
  }

  /**
   * Seconds of the fastest of {@code repeats} runs of {@code products}, after one to warm up. Each
   * run's products are freed after it, so runs reuse the same memory.
   */
  private static double fastest(int repeats, NDManager manager, Supplier<List<NDArray>> products) {
    double best = Double.MAX_VALUE;
    for (int run = 0; run <= repeats; run++) {
      try (NDManager scope = manager.newSubManager()) {
        long start = System.nanoTime();
        List<NDArray> made = products.get();
        made.forEach(product -> product.attach(scope));
        made.get(made.size() - 1).getFloat(0, 0); // reading a value waits for every product, on any device
        if (run > 0) {
          best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
      }
    }
    return best;
  }
}
