package dev.idtrain.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.idtrain.config.Architecture;
import dev.idtrain.config.Config;
import java.util.ArrayList;
import java.util.List;

/**
 * The network: encoder f and classifier head, with the NDManager that owns their parameters. Used by the
 * training thread only: its arrays never leave that thread.
 */
public final class Network implements AutoCloseable {
  private final NDManager manager;
  private final SequentialBlock encoder;
  private final ClassifierHead head;
  private final ParameterStore store;

  private Network(NDManager manager, SequentialBlock encoder, ClassifierHead head) {
    this.manager = manager;
    this.encoder = encoder;
    this.head = head;
    this.store = new ParameterStore(manager, false);
  }

  /** A freshly initialised model; the initial weights are a pure function of the seed. */
  public static Network create(Config config, Device device) {
    long seed = config.run().seed();
    Engine.getEngine("PyTorch").setRandomSeed((int) (seed ^ (seed >>> 32)));
    NDManager manager = NDManager.newBaseManager(device, "PyTorch");
    Architecture architecture = Architecture.of(config);
    Config.Model model = config.model();
    SequentialBlock encoder = EncoderFactory.build(architecture, config.dgp().kind(),
        model.normalizeFeatures());
    int features = architecture.features();
    ClassifierHead head = new ClassifierHead(architecture.headRows(), features, model.headBias(),
        model.normalizeRows(), model.learnTemperature(), model.temperature());
    encoder.initialize(manager, DataType.FLOAT32, new Shape(2, architecture.inputs()));
    head.initialize(manager, DataType.FLOAT32, new Shape(2, features));
    return new Network(manager, encoder, head);
  }

  /** f(x): BatchNorm uses batch statistics when training, running statistics otherwise. */
  public NDArray encode(NDArray x, boolean training) {
    return encoder.forward(store, new NDList(x), training).singletonOrThrow();
  }

  public NDArray logits(NDArray features, boolean training) {
    return head.forward(store, new NDList(features), training).singletonOrThrow();
  }

  public ClassifierHead head() {
    return head;
  }

  /** The parameters the optimiser updates, in a fixed order (encoder first, then head). */
  public List<Parameter> trainableParameters() {
    return allParameters().stream().filter(Parameter::requiresGradient).toList();
  }

  public NDManager manager() {
    return manager;
  }

  /** The values of every parameter, BatchNorm running statistics included, in a fixed order. */
  public List<float[]> state() {
    return allParameters().stream().map(p -> p.getArray().toFloatArray()).toList();
  }

  /**
   * Overwrites every parameter in place with values from {@link #state()} (in place, so the
   * arrays the optimiser and the parameter store hold stay the ones the model uses).
   */
  public void restore(List<float[]> values) {
    List<Parameter> parameters = allParameters();
    if (values.size() != parameters.size()) {
      throw new IllegalArgumentException(values.size() + " saved parameters for a model of "
          + parameters.size());
    }
    for (int i = 0; i < values.size(); i++) {
      NDArray array = parameters.get(i).getArray();
      if (array.size() != values.get(i).length) {
        throw new IllegalArgumentException("saved parameter " + parameters.get(i).getName()
            + " has " + values.get(i).length + " values, the model " + array.size());
      }
      InPlace.overwrite(array, values.get(i));
    }
  }

  /**
   * BatchNorm's running means and variances: state a training forward pass updates outside the
   * optimiser, so a skipped step must put them back itself.
   */
  public List<NDArray> runningStatistics() {
    return allParameters().stream()
        .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR)
        .map(Parameter::getArray)
        .toList();
  }

  private List<Parameter> allParameters() {
    List<Parameter> out = new ArrayList<>(encoder.getParameters().values());
    out.addAll(head.getParameters().values());
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
