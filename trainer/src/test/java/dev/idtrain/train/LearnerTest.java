package dev.idtrain.train;

import static dev.idtrain.dgp.SmallBatches.batch;
import static dev.idtrain.dgp.SmallBatches.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.config.Precision;
import dev.idtrain.dgp.Batch;
import dev.idtrain.engine.MatmulPrecision;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LearnerTest {
  static int managedArrays(Learner learner) {
    return ((BaseNDManager) learner.model().manager()).getManagedArrays().size();
  }

  /** Every head variant of Thm. 1, both objectives: steps and probes leave no array behind. */
  @ParameterizedTest
  @ValueSource(strings = {
      "train.objective=supervised",
      "train.objective=diet,dgp.instances=1000",
      "model.normalizeFeatures=true,model.normalizeRows=true,model.learnTemperature=true",
      "model.normalizeRows=true,model.headBias=true",
      "model.normalizeFeatures=true,train.objective=diet,dgp.instances=1000"})
  void stepsAndEncodingLeaveTheModelsManagerAsItWas(String variant) {
    Config config = config(variant.split(","));
    Batch batch = batch(config, 0);
    try (Learner learner = new Learner(config, Device.cpu())) {
      learner.step(batch);
      learner.encode(batch);
      int before = managedArrays(learner);
      for (int i = 0; i < 20; i++) {
        assertThat(learner.step(batch).finite()).isTrue();
        learner.encode(batch);
      }
      assertThat(managedArrays(learner)).isEqualTo(before);
    }
  }

  @Test
  void trainingOnABatchLowersItsLoss() {
    Config config = config();
    Batch batch = batch(config, 0);
    try (Learner learner = new Learner(config, Device.cpu())) {
      double[] loss = firstAndLastLoss(learner, batch, 60);
      assertThat(loss[0]).isCloseTo(Math.log(100), org.assertj.core.data.Offset.offset(1.0));
      assertThat(loss[1]).isLessThan(0.75 * loss[0]);
    }
  }

  /** The losses of the first and the last of {@code steps} steps on one batch. */
  private static double[] firstAndLastLoss(Learner learner, Batch batch, int steps) {
    double first = learner.step(batch).loss();
    double last = first;
    for (int i = 1; i < steps; i++) {
      last = learner.step(batch).loss();
    }
    return new double[] {first, last};
  }

  /**
   * Both sprites encoders end in the 512 features the head and the probes read, and learn a
   * batch's shapes; the CNN's first layer is a bank of 32 one-channel 4 × 4 kernels.
   */
  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn"})
  void aSpritesEncoderEndsInItsFeaturesAndLearnsABatch(String encoder) {
    Config config = ConfigLoader.load(null, List.of("dgp.kind=sprites", "train.batchSize=64",
        "model.encoder=" + encoder));
    Batch batch = batch(config, 0);
    try (Learner learner = new Learner(config, Device.cpu())) {
      assertThat(learner.encode(batch).features()).hasSize(64 * 512);
      assertThat(learner.model().trainableParameters().get(0).getArray().getShape())
          .isEqualTo(encoder.equals("cnn") ? new Shape(32, 1, 4, 4) : new Shape(512, 4096));
      double[] loss = firstAndLastLoss(learner, batch, 30);
      assertThat(loss[0]).isCloseTo(Math.log(3), org.assertj.core.data.Offset.offset(0.5));
      assertThat(loss[1]).isLessThan(0.5 * loss[0]);
    }
  }

  /** A batch whose loss is NaN changes nothing: not the weights, not Adam, not BatchNorm. */
  @Test
  void aNonFiniteStepIsSkippedWhole() {
    Config config = config();
    Batch good = batch(config, 0);
    float[] poisoned = good.x().clone();
    Arrays.fill(poisoned, 0, 10, Float.NaN);
    Batch bad = new Batch(1, good.size(), good.dim(), good.observedDim(), good.z(), poisoned, good.instance(), good.label());
    try (Learner learner = new Learner(config, Device.cpu());
        Learner twin = new Learner(config, Device.cpu())) {
      learner.step(good);
      twin.step(good);
      for (int i = 0; i < 3; i++) {
        assertThat(learner.step(bad).finite()).isFalse();
        System.gc(); // nothing the engine still uses may be owned by a collectable Java buffer
      }
      assertThat(learner.adam().updates()).isEqualTo(1);
      assertThat(learner.model().state()).usingRecursiveComparison().isEqualTo(twin.model().state());
      // The next good step is exactly the step the twin, which never saw the bad batch, takes.
      assertThat(learner.step(good).loss()).isEqualTo(twin.step(good).loss());
      assertThat(learner.model().state()).usingRecursiveComparison().isEqualTo(twin.model().state());
    }
  }

  @Test
  void sameSeedSameInitialModelOtherSeedAnother() {
    try (Learner a = new Learner(config(), Device.cpu());
        Learner b = new Learner(config(), Device.cpu());
        Learner c = new Learner(config("run.seed=1"), Device.cpu())) {
      assertThat(a.model().state()).usingRecursiveComparison().isEqualTo(b.model().state());
      assertThat(a.model().state().get(0)).isNotEqualTo(c.model().state().get(0));
    }
  }

  /**
   * A probe encodes in blocks of a batch and predicts in chunks of the logits; what it returns is
   * the whole set's encoding in one piece (600 samples: two full blocks and a short one, each
   * predicted in chunks of 64 of the 4096 instances' logits).
   */
  @Test
  void encodingInBlocksMatchesTheWholeSetAtOnce() {
    Config config = config("train.objective=diet", "dgp.instances=4096");
    DataGeneratingProcess dgp = DataGeneratingProcess.create(config.dgp(), config.run().seed());
    Batch heldOut = dgp.sample(0, Seeds.probe(config.run().seed(), 0), 600);
    try (Learner learner = new Learner(config, Device.cpu())) {
      for (int i = 0; i < 5; i++) {
        learner.step(batch(config, i));
      }
      Encoded encoded = learner.encode(heldOut);
      try (NDManager scope = learner.model().manager().newSubManager()) {
        NDArray features = learner.model().encode(scope.create(heldOut.x(), new Shape(600, heldOut.dim())), false);
        int[] predicted = learner.model().logits(features, false).argMax(1).toType(DataType.INT32, false)
            .toIntArray();
        float[] whole = features.toFloatArray();
        for (int i = 0; i < whole.length; i++) {
          assertThat(encoded.features()[i]).isCloseTo(whole[i], within(1e-5f * Math.max(1, Math.abs(whole[i]))));
        }
        assertThat(encoded.predicted()).containsExactly(predicted);
      }
    }
  }

  /**
   * A step's host arrays go through buffers kept from step to step. A direct buffer made per step
   * waits for the garbage collector to free it, and many of them, waiting, fragment the C heap
   * that the engine's arrays come from.
   */
  @Test
  void stepsAndProbesLeaveNoDirectBufferForTheCollector() {
    Config config = config("train.objective=diet", "dgp.instances=4096");
    Batch batch = batch(config, 0);
    BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
    try (Learner learner = new Learner(config, Device.cpu())) {
      learner.step(batch);
      learner.encode(batch);
      long before = direct.getMemoryUsed();
      for (int i = 0; i < 20; i++) {
        learner.step(batch);
        learner.encode(batch);
      }
      assertThat(direct.getMemoryUsed() - before).isLessThan(64 << 10);
    }
  }

  /** One model, one batch: the loss of a bf16 forward pass is the fp32 one to bf16 accuracy. */
  @Test
  void aBf16StepSeesTheFp32LossToBf16Accuracy() {
    Config config = config();
    Batch batch = batch(config, 0);
    try (Learner fp32 = new Learner(config, Device.cpu()); Learner bf16 = new Learner(config, Device.cpu())) {
      MatmulPrecision.set(Precision.FP32);
      double expected = fp32.step(batch).loss();
      MatmulPrecision.set(Precision.BF16);
      assertThat(bf16.step(batch).loss()).isCloseTo(expected, within(1e-2 * expected));
    } finally {
      MatmulPrecision.set(Precision.FP32);
    }
  }
}
