package dev.idtrain.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import dev.idtrain.dgp.SmallBatches;
import dev.idtrain.config.Config;
import dev.idtrain.dgp.Batch;
import dev.idtrain.model.ClassifierHead;
import dev.idtrain.model.InPlace;
import dev.idtrain.model.Network;
import dev.idtrain.model.ReusedMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The head through the softmax sums, the engine's and the vector units', against the plain one:
 * the same loss and the same gradient everywhere.
 */
class ChunkedCrossEntropyTest {
  private static final int INSTANCES = 300;
  private static final int ROWS_PER_CHUNK = 7;
  /** Not a multiple of the vector path's group of rows, nor of its lanes (INSTANCES). */
  private static final int BATCH = 62;

  /** The loss and the gradient of every trainable parameter, from one backward pass. */
  private record Result(double loss, List<float[]> gradients) {}

  @ParameterizedTest
  @ValueSource(strings = {
      "model.headBias=false",
      "model.headBias=true",
      "model.normalizeRows=true,model.learnTemperature=true",
      "model.normalizeFeatures=true,model.normalizeRows=true,model.learnTemperature=true,model.headBias=true",
      "model.learnTemperature=true,model.temperature=4"})
  void lossAndEveryGradientMatchThePlainPath(String variant) {
    List<String> overrides = new ArrayList<>(List.of(variant.split(",")));
    overrides.addAll(List.of("train.objective=diet", "dgp.instances=" + INSTANCES, "train.batchSize=" + BATCH));
    Config config = SmallBatches.config(overrides.toArray(String[]::new));
    Batch batch = SmallBatches.batch(config, 3);
    try (Network model = Network.create(config, Device.cpu())) {
      Result plain = backward(model, batch, (scope, x) -> {
        NDArray labels = scope.create(batch.instance());
        NDArray logits = model.logits(model.encode(x, true), true);
        NDArray loss = new SoftmaxCrossEntropyLoss("ce").evaluate(new NDList(labels), new NDList(logits));
        return new NDArray[] {loss, loss};
      });
      try (ChunkedCrossEntropy engine = new ChunkedCrossEntropy(new EngineSoftmaxSums(ROWS_PER_CHUNK * INSTANCES));
          ChunkedCrossEntropy vector = new ChunkedCrossEntropy(new VectorSoftmaxSums(2))) {
        assertMatches(plain, backward(model, batch, viaSums(model, batch, engine)), "engine");
        assertMatches(plain, backward(model, batch, viaSums(model, batch, vector)), "vector");
        // Its buffers outlive a call: the next step must start from clean sums.
        assertMatches(plain, backward(model, batch, viaSums(model, batch, vector)), "vector, next call");
      }
    }
  }

  private static BiFunction<NDManager, NDArray, NDArray[]> viaSums(Network model, Batch batch,
      ChunkedCrossEntropy chunked) {
    return (scope, x) -> {
      ChunkedCrossEntropy.Loss loss = chunked.evaluate(model.encode(x, true),
          scope.create(batch.instance()), model.head().terms(scope), scope);
      return new NDArray[] {loss.value(), loss.objective()};
    };
  }

  private static void assertMatches(Result plain, Result chunked, String path) {
    assertThat(chunked.loss()).as(path).isCloseTo(plain.loss(), org.assertj.core.data.Offset.offset(1e-5 * plain.loss()));
    assertThat(chunked.gradients()).hasSameSizeAs(plain.gradients());
    // Round-off scales with each parameter's gradient, plus a floor from the gradient as a
    // whole: the biases of Linear layers that BatchNorm follows have a gradient of exactly 0,
    // which both paths meet only up to round-off.
    double overall = plain.gradients().stream().mapToDouble(ChunkedCrossEntropyTest::maxAbs).max().orElseThrow();
    assertThat(overall).isGreaterThan(1e-3);
    for (int i = 0; i < plain.gradients().size(); i++) {
      float[] expected = plain.gradients().get(i);
      float[] actual = chunked.gradients().get(i);
      double tolerance = 2e-5 * maxAbs(expected) + 1e-5 * overall;
      for (int j = 0; j < expected.length; j++) {
        assertThat((double) actual[j]).as("%s: gradient %d, element %d", path, i, j)
            .isCloseTo(expected[j], org.assertj.core.data.Offset.offset(tolerance));
      }
    }
  }

  @Test
  void chunksCoverABatchWithoutExceedingTheirBudget() {
    assertThat(ClassifierHead.rowsPerChunk(100, 1 << 16)).isEqualTo(655);
    assertThat(ClassifierHead.rowsPerChunk(10_240, 1 << 16)).isEqualTo(6);
    assertThat(ClassifierHead.rowsPerChunk(1_000_000, 1 << 16)).isEqualTo(1);
  }

  @Test
  void onlyAHeadWhoseBatchOfLogitsOutgrowsAChunkIsChunked() {
    assertThat(ChunkedCrossEntropy.pays(100, 1024)).isFalse();
    assertThat(ChunkedCrossEntropy.pays(10_240, 1024)).isTrue();
  }

  /**
   * One forward and backward pass through {@code loss}, which returns the loss's value and the
   * scalar to differentiate, with the forward pass's garbage reused in between; the gradients
   * are read and zeroed so the next pass starts clean.
   */
  private static Result backward(Network model, Batch batch, BiFunction<NDManager, NDArray, NDArray[]> loss) {
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray x = scope.create(batch.x(), new Shape(batch.size(), batch.dim()));
      double value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray[] out = loss.apply(scope, x);
        value = out[0].getFloat();
        ReusedMemory.churn(scope);
        collector.backward(out[1]);
      }
      List<float[]> gradients = new ArrayList<>();
      for (Parameter p : model.trainableParameters()) {
        NDArray g = p.getArray().getGradient();
        g.attach(scope);
        gradients.add(g.toFloatArray());
        InPlace.zero(g);
      }
      return new Result(value, gradients);
    }
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
