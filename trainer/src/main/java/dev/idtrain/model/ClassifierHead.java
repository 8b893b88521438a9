package dev.idtrain.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The linear classifier (docs/SCIENCE.md): logits_k = beta * <w_k, f(x)> (+ b_k). Rows of W are
 * optionally parametrised as w/|w| (on the sphere at every step, no renormalisation pass); beta
 * is fixed or learnt as exp(log beta), so it stays positive.
 */
public final class ClassifierHead extends AbstractBlock {
  private final int rows;
  private final boolean normalizeRows;
  private final boolean learnTemperature;
  private final float temperature;
  private final Parameter weight;
  private final Parameter bias;
  private final Parameter logTemperature;

  /**
   * @param rows number of head rows: instances N for DIET, classes K for supervised
   * @param dim the feature dimension d (the fan-in of the PyTorch-style initialisation)
   * @param temperature the fixed beta, or the initial one when learnt
   */
  public ClassifierHead(int rows, int dim, boolean bias, boolean normalizeRows,
      boolean learnTemperature, double temperature) {
    this.rows = rows;
    this.normalizeRows = normalizeRows;
    this.learnTemperature = learnTemperature;
    this.temperature = (float) temperature;
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
        .optInitializer(EncoderFactory.fanInUniform(dim)).build());
    this.bias = bias
        ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
            .optInitializer(EncoderFactory.fanInUniform(dim)).build())
        : null;
    logTemperature = learnTemperature
        ? addParameter(Parameter.builder().setName("logTemperature").setType(Parameter.Type.OTHER)
            .optInitializer(new ConstantInitializer((float) Math.log(temperature))).build())
        : null;
  }

  /** Rows of a batch per chunk so that a chunk's logits stay within {@code elements}. */
  public static int rowsPerChunk(int headRows, long elements) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, elements / headRows));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray features = inputs.singletonOrThrow();
    NDManager scope = features.getManager();
    NDArray w = rows(store.getValue(weight, features.getDevice(), training), scope);
    NDArray b = store.getValue(bias, features.getDevice(), training);
    NDArray scaled = learnTemperature
        ? features.mul(learntTemperature(scope))
        : features.mul(GraphScalar.of(temperature, scope));
    return Linear.linear(scaled, w, b);
  }

  /**
   * What the logits are made of, as arrays in the current graph (gradients reach the parameters
   * through them): logits_k = beta * <rows_k, f(x)> + bias_k.
   *
   * @param rows N x d, unit rows when normalised
   * @param beta the learnt beta as a one-element array, or null when fixed
   * @param fixedBeta the fixed beta (unused when learnt)
   * @param bias N, or null without one
   */
  public record Terms(NDArray rows, NDArray beta, float fixedBeta, NDArray bias) {}

  /** @param scope the manager that owns every array made here */
  public Terms terms(NDManager scope) {
    return new Terms(effectiveRows(scope), learnTemperature ? learntTemperature(scope) : null,
        temperature, bias == null ? null : bias.getArray());
  }

  /**
   * The rows the logits are computed with (unit rows when normalised), for probes.
   *
   * @param scope the manager that owns every array made here (never the parameters' own, or
   *     each call would leak into it)
   */
  public NDArray effectiveRows(NDManager scope) {
    return rows(weight.getArray(), scope);
  }

  /** The current beta. */
  public double temperature() {
    return learnTemperature ? Math.exp(logTemperature.getArray().getFloat()) : temperature;
  }

  private NDArray learntTemperature(NDManager scope) {
    NDArray beta = logTemperature.getArray().exp();
    beta.attach(scope);
    return beta;
  }

  private NDArray rows(NDArray w, NDManager scope) {
    if (!normalizeRows) {
      return w;
    }
    NDArray norms = w.norm(new int[] {1}, true);
    norms.attach(scope);
    NDArray unit = w.div(norms.add(1e-12f));
    unit.attach(scope);
    return unit;
  }

  @Override
  public void prepare(Shape[] inputShapes) {
    long dim = inputShapes[0].get(inputShapes[0].dimension() - 1);
    weight.setShape(new Shape(rows, dim));
    if (bias != null) {
      bias.setShape(new Shape(rows));
    }
    if (logTemperature != null) {
      logTemperature.setShape(new Shape(1));
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), rows)};
  }
}
