package dev.idtrain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassifierHeadTest {
  private static final int DIM = 3;
  private static final int ROWS = 4;
  private static final int SAMPLES = 5;

  /**
   * d/df_i of sum_ik logits_ik = beta sum_k rows_k, for every sample i: the known answer, with the
   * forward pass's garbage freed and reused before the backward pass.
   */
  @ParameterizedTest
  @ValueSource(strings = {"model.learnTemperature=false", "model.learnTemperature=true"})
  void theGradientOfTheLogitsIsBetaTimesTheSumOfTheRows(String variant) {
    Config config = ConfigLoader.load(null, List.of(variant, "model.temperature=2.5", "model.headBias=true",
        "dgp.dim=" + DIM, "dgp.classes=" + ROWS, "dgp.instances=" + ROWS, "run.seed=3"));
    try (Network model = Network.create(config, Device.cpu());
        NDManager scope = model.manager().newSubManager()) {
      float[] values = new float[SAMPLES * DIM];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) Math.sin(i + 1);
      }
      NDArray features = scope.create(values, new Shape(SAMPLES, DIM));
      features.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray sum = model.logits(features, true).sum();
        ReusedMemory.churn(scope);
        collector.backward(sum);
      }
      float[] rows = model.head().effectiveRows(scope).toFloatArray();
      float[] gradient = features.getGradient().toFloatArray();
      double beta = model.head().temperature();
      assertThat(beta).isCloseTo(2.5, within(1e-6));
      for (int i = 0; i < SAMPLES; i++) {
        for (int j = 0; j < DIM; j++) {
          double expected = 0;
          for (int k = 0; k < ROWS; k++) {
            expected += beta * rows[k * DIM + j];
          }
          assertThat((double) gradient[i * DIM + j]).as("sample %d, dimension %d", i, j)
              .isCloseTo(expected, within(1e-5));
        }
      }
    }
  }
}
