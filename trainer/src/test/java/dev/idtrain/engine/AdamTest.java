package dev.idtrain.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.idtrain.dgp.SmallBatches;
import dev.idtrain.model.Network;
import ai.djl.pytorch.jni.JniUtils;
import dev.idtrain.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both update paths against Adam's definition, and against each other over several steps. */
class AdamTest {
  private static final float RATE = 1e-3f;

  /**
   * From zero moments, bias correction makes the first step -rate g / (|g| + eps / sqrt(1 -
   * beta2)): the rate against the sign of each gradient element well above epsilon.
   */
  @Test
  void theFirstStepMovesEveryWeightByTheRateAgainstItsGradient() {
    for (boolean vectorUnits : new boolean[] {true, false}) {
      try (Network model = model();
          NDManager scope = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
        List<Parameter> parameters = model.trainableParameters();
        List<float[]> before = values(parameters);
        List<NDArray> gradients = gradients(parameters, scope, 1);
        List<float[]> drawn = gradients.stream().map(NDArray::toFloatArray).toList();
        new Adam(parameters, vectorUnits).update(gradients, RATE);
        for (int i = 0; i < parameters.size(); i++) {
          float[] after = parameters.get(i).getArray().toFloatArray();
          float[] g = drawn.get(i);
          for (int k = 0; k < g.length; k++) {
            double step = -RATE * g[k] / (Math.abs(g[k]) + Adam.EPSILON / Math.sqrt(1 - Adam.BETA2));
            assertThat((double) after[k] - before.get(i)[k]).as("vector units: %s", vectorUnits)
                .isCloseTo(step, within(2e-7));
          }
        }
      }
    }
  }

  /** Five steps on the vector units and in the engine, from the same weights: same weights and moments. */
  @Test
  void theVectorUnitsUpdateAsTheEngineDoes() {
    try (Network vector = model();
        Network engine = model();
        NDManager scope = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Adam onVectorUnits = new Adam(vector.trainableParameters(), true);
      Adam inEngine = new Adam(engine.trainableParameters(), false);
      for (int step = 1; step <= 5; step++) {
        onVectorUnits.update(gradients(vector.trainableParameters(), scope, step), RATE);
        inEngine.update(gradients(engine.trainableParameters(), scope, step), RATE);
      }
      assertClose(values(vector.trainableParameters()), values(engine.trainableParameters()));
      assertClose(onVectorUnits.means(), inEngine.means());
      assertClose(onVectorUnits.variances(), inEngine.variances());
    }
  }

  /**
   * The default model: parameters of 250 x 250, 250 x 50, 250 and 1 values among them. Updated
   * in place outside a graph, as on the training thread, which records none.
   */
  private static Network model() {
    JniUtils.setGradMode(false);
    Config config = SmallBatches.config();
    return Network.create(config, Device.cpu());
  }

  /** Gradients of every parameter's shape, drawn from a seed (the same arrays for either path). */
  private static List<NDArray> gradients(List<Parameter> parameters, NDManager scope, int seed) {
    List<NDArray> out = new ArrayList<>();
    java.util.Random random = new java.util.Random(seed);
    for (Parameter p : parameters) {
      float[] values = new float[Math.toIntExact(p.getArray().size())];
      for (int k = 0; k < values.length; k++) {
        values[k] = (float) random.nextGaussian() * 0.1f;
      }
      out.add(scope.create(values, p.getArray().getShape()));
    }
    return out;
  }

  private static List<float[]> values(List<Parameter> parameters) {
    return parameters.stream().map(p -> p.getArray().toFloatArray()).toList();
  }

  private static void assertClose(List<float[]> actual, List<float[]> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.size(); i++) {
      for (int k = 0; k < actual.get(i).length; k++) {
        float e = expected.get(i)[k];
        assertThat(actual.get(i)[k]).isCloseTo(e, within(1e-6f * Math.max(1, Math.abs(e))));
      }
    }
  }
}
