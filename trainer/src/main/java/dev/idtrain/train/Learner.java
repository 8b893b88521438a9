package dev.idtrain.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.config.Architecture;
import dev.idtrain.config.Config;
import dev.idtrain.config.Objective;
import dev.idtrain.dgp.Batch;
import dev.idtrain.engine.Adam;
import dev.idtrain.engine.ChunkedCrossEntropy;
import dev.idtrain.engine.Devices;
import dev.idtrain.engine.Staging;
import dev.idtrain.model.ClassifierHead;
import dev.idtrain.model.InPlace;
import dev.idtrain.model.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * One training step: cross-entropy of the head's logits against instance (DIET) or class
 * (supervised) labels, one code path for both, then Adam. A head whose batch of logits outgrows
 * a cache-sized chunk (DIET's N-way head) goes through {@link ChunkedCrossEntropy}. Owned by the
 * training thread; every array a step makes lives in a sub-manager closed when the step ends.
 */
public final class Learner implements AutoCloseable {
  /**
   * Logits per chunk when predicting: 2^18 floats, 1 MiB, whatever N is; no larger than a
   * default step's own arrays, so that a probe reuses the blocks steps free (see
   * {@link #encode}).
   */
  private static final long PREDICT_ELEMENTS = 1L << 18;
  private final Network model;
  private final Objective objective;
  /** Values per observation and per feature vector. */
  private final int inputs;
  private final int features;
  private final int headRows;
  private final int batchSize;
  private final List<Parameter> parameters;
  private final List<NDArray> statistics;
  private final Adam adam;
  private final SoftmaxCrossEntropyLoss crossEntropy = new SoftmaxCrossEntropyLoss("ce");
  /** Observations of a step's batch or a probe's block; the labels of a step. */
  private final Staging observations = new Staging();
  private final Staging labels = new Staging();
  /** For a batch's logits beyond a cache-sized chunk; null when they fit in one. */
  private final ChunkedCrossEntropy chunked;
  private float learningRate;

  /**
   * Call on the thread that will train: the engine's gradient mode, kernel threads and
   * subnormal flush are settings of the calling thread.
   */
  public Learner(Config config, Device device) {
    Architecture architecture = Architecture.of(config);
    this.objective = config.train().objective();
    this.inputs = architecture.inputs();
    this.features = architecture.features();
    this.headRows = architecture.headRows();
    this.batchSize = config.train().batchSize();
    this.model = Network.create(config, device);
    // Outside a gradient collector this thread records no graph: probes encode without one and
    // checkpoints restore parameters in place. The engine sets this only on its own first thread.
    JniUtils.setGradMode(false);
    Devices.prepareTrainingThread(config.train());
    this.parameters = model.trainableParameters();
    this.statistics = model.runningStatistics();
    this.adam = new Adam(parameters);
    this.learningRate = (float) config.train().learningRate();
    this.chunked = ChunkedCrossEntropy.pays(headRows, batchSize)
        ? ChunkedCrossEntropy.on(device, config.train().threads())
        : null;
  }

  public StepOutcome step(Batch batch) {
    try (NDManager step = model.manager().newSubManager()) {
      NDArray x = observations.floats(batch.x(), new Shape(batch.size(), inputs), step);
      NDArray y = labels.ints(targets(batch), step);
      List<NDArray> statisticsBefore = copies(statistics, step);
      NDArray loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray features = model.encode(x, true);
        if (chunked != null) {
          ChunkedCrossEntropy.Loss ce = chunked.evaluate(features, y, model.head().terms(step), step);
          loss = ce.value();
          collector.backward(ce.objective());
        } else {
          // The batch's logits fit in one chunk: nothing to gain, so the engine's own loss.
          loss = crossEntropy.evaluate(new NDList(y), new NDList(model.logits(features, true)));
          collector.backward(loss);
        }
      }
      List<NDArray> gradients = new ArrayList<>(parameters.size());
      for (Parameter p : parameters) {
        NDArray g = p.getArray().getGradient();
        g.attach(step);
        gradients.add(g);
      }
      double lossValue = loss.getFloat();
      double gradNorm = norm(gradients);
      boolean finite = Double.isFinite(lossValue) && Double.isFinite(gradNorm);
      if (finite) {
        adam.update(gradients, learningRate);
      } else {
        // Skip the update: no step for the optimiser, no batch in BatchNorm's statistics.
        gradients.forEach(InPlace::zero);
        for (int i = 0; i < statistics.size(); i++) {
          InPlace.copy(statistics.get(i), statisticsBefore.get(i));
        }
      }
      return new StepOutcome(lossValue, gradNorm, finite);
    }
  }

  /**
   * Encodes a held-out set in inference mode (BatchNorm running statistics, so each sample's
   * features are its own) and predicts its labels. It goes through in blocks of a training batch
   * and DIET's N-way logits in chunks: a probe then asks the C allocator for the sizes a step
   * asks for. Whole-set arrays (16 MB logit chunks, 8 MB activations at the defaults), asked for
   * once per probe between steps, found the heap fragmented by the steps' arrays and grew it:
   * resident memory rose by 16 MB at a time over 50 000 DIET steps.
   */
  public Encoded encode(Batch heldOut) {
    int size = heldOut.size();
    float[] encoded = new float[size * features];
    int[] predicted = new int[size];
    try (NDManager scope = model.manager().newSubManager()) {
      for (int from = 0; from < size; from += batchSize) {
        int to = Math.min(size, from + batchSize);
        try (NDManager block = scope.newSubManager()) {
          NDArray x = observations.floats(heldOut.x(), from * inputs, new Shape(to - from, inputs),
              block);
          NDArray f = model.encode(x, false);
          System.arraycopy(f.toFloatArray(), 0, encoded, from * features, (to - from) * features);
          predict(f, predicted, from, block);
        }
      }
      return new Encoded(encoded, predicted, model.head().effectiveRows(scope).toFloatArray(),
          model.head().temperature());
    }
  }

  /** The head's top-1 labels of {@code features}, into {@code predicted} from {@code offset}. */
  private void predict(NDArray features, int[] predicted, int offset, NDManager scope) {
    int size = (int) features.getShape().get(0);
    int rows = ClassifierHead.rowsPerChunk(headRows, PREDICT_ELEMENTS);
    for (int from = 0; from < size; from += rows) {
      NDIndex range = new NDIndex(from + ":" + Math.min(size, from + rows));
      try (NDManager chunk = scope.newSubManager()) {
        int[] labels = model.logits(features.get(chunk, range), false).argMax(1)
            .toType(DataType.INT32, false).toIntArray();
        System.arraycopy(labels, 0, predicted, offset + from, labels.length);
      }
    }
  }

  private static List<NDArray> copies(List<NDArray> arrays, NDManager scope) {
    List<NDArray> out = new ArrayList<>(arrays.size());
    for (NDArray array : arrays) {
      NDArray copy = array.duplicate();
      copy.attach(scope);
      out.add(copy);
    }
    return out;
  }

  /** The number of labels the head chooses among: N for DIET, K for supervised. */
  int headRows() {
    return headRows;
  }

  /** The label the head is trained on: instance for DIET, class for supervised. */
  public int[] targets(Batch batch) {
    return objective == Objective.DIET ? batch.instance() : batch.label();
  }

  private static double norm(List<NDArray> gradients) {
    NDList flat = new NDList(gradients.size());
    for (NDArray g : gradients) {
      flat.add(g.flatten());
    }
    return NDArrays.concat(flat).norm().getFloat();
  }

  public Network model() {
    return model;
  }

  Adam adam() {
    return adam;
  }

  /** Puts the model and optimiser back to a checkpoint's state (the rate is the loop's to set). */
  void restore(Checkpoint checkpoint) {
    model.restore(checkpoint.parameters());
    adam.restore(checkpoint.adamUpdates(), checkpoint.adamMeans(), checkpoint.adamVariances());
  }

  public float learningRate() {
    return learningRate;
  }

  void setLearningRate(float learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public void close() {
    if (chunked != null) {
      chunked.close();
    }
    model.close();
  }
}
