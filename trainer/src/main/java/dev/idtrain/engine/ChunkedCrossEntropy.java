package dev.idtrain.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.idtrain.model.ClassifierHead;
import dev.idtrain.model.GraphScalar;

/**
 * Mean cross-entropy of the head's logits, beta * <u_k, f_i> + b_k, against labels y_i, without
 * ever holding the B x N logits: the softmax's part comes from {@link SoftmaxSums}, which folds
 * the logits into a few sums as it makes them (DIET's N-way head otherwise spends its step
 * streaming B x N arrays through memory, several times, forward and backward).
 *
 * <p>The loss is mean_i [lse_i - z_{i,y_i}] with lse_i = log sum_k exp z_{ik}. The gradients of
 * the lse part are computed outside the graph, from the softmax (d lse_i / d z_ik = P_ik):
 * with s = beta f,
 * d/df_i = beta (P u)_i, d/du = P^T s, d/db = sum_i P_i, d/dbeta = sum_i <f_i, (P u)_i>,
 * all divided by B.
 * They reach the encoder and the head's parameters through a scalar whose gradient they are:
 * sum(f * df) + sum(u * du) + sum(b * db) + beta dbeta, each factor's first array in the graph and
 * the second a constant. The label part, -z_{i,y_i}, touches one row per sample and stays in the
 * graph as it is. Exact to fp32 round-off against the plain path (a test compares every
 * gradient).
 */
public final class ChunkedCrossEntropy implements AutoCloseable {
  private final SoftmaxSums softmax;

  ChunkedCrossEntropy(SoftmaxSums softmax) {
    this.softmax = softmax;
  }

  /**
   * Whether a batch's logits outgrow one cache-sized chunk; below that there is nothing to
   * gain, and the engine's own loss is as fast.
   */
  public static boolean pays(int headRows, int batchSize) {
    return (long) headRows * batchSize > EngineSoftmaxSums.CHUNK_ELEMENTS;
  }

  /**
   * The vector units' path on a CPU; the engine's on a GPU, or where this JVM was started without
   * the incubating vector module ({@code --add-modules jdk.incubator.vector}, as bin/idtrain does).
   *
   * @param threads {@code train.threads}: the CPU threads to share a batch's rows among, every
   *     core when 0
   */
  public static ChunkedCrossEntropy on(Device device, int threads) {
    return new ChunkedCrossEntropy(Devices.vectorUnits(device)
        ? new VectorSoftmaxSums(Devices.softmaxThreads(threads))
        : new EngineSoftmaxSums(EngineSoftmaxSums.CHUNK_ELEMENTS));
  }

  /**
   * @param value the mean loss, outside the graph
   * @param objective a scalar in the graph whose gradient is the loss's
   */
  public record Loss(NDArray value, NDArray objective) {}

  /**
   * @param features f(x), B x d, in the graph
   * @param labels B labels in [0, N)
   * @param scope owns every array made here (a step's manager)
   */
  public Loss evaluate(NDArray features, NDArray labels, ClassifierHead.Terms head, NDManager scope) {
    int batch = (int) features.getShape().get(0);
    int dim = (int) features.getShape().get(1);
    NDArray y = labels.toType(DataType.INT64, false);
    NDArray f = features.stopGradient();
    float beta = head.beta() == null ? head.fixedBeta() : head.beta().getFloat();
    NDArray betaValue = GraphScalar.of(beta, scope);
    // With a bias, s gains a column of ones and u the bias: z = s u^T + b is then one product,
    // and the bias's gradient comes out of the rows' as their last column.
    NDArray s = f.mul(betaValue);
    // Arrays made from a parameter belong to the parameter's manager unless moved to the step's.
    NDArray u = own(head.rows().stopGradient(), scope);
    if (head.bias() != null) {
      s = s.concat(scope.ones(new Shape(batch, 1)), 1);
      u = u.concat(own(head.bias().stopGradient(), scope).expandDims(1), 1);
    }
    SoftmaxSums.Sums sums = softmax.of(s, u, scope);
    float mean = 1f / batch;
    NDArray perSample = GraphScalar.of(mean, scope);
    NDArray q = sums.pu().get(":, :" + dim);
    NDArray du = sums.pts().mul(perSample);
    NDArray objective = features.mul(q.mul(GraphScalar.of(beta * mean, scope))).sum()
        .add(du.get(":, :" + dim).mul(head.rows()).sum());
    if (head.bias() != null) {
      objective = objective.add(du.get(":, " + dim).mul(head.bias()).sum());
    }
    if (head.beta() != null) {
      objective = objective.add(f.mul(q).sum().mul(perSample).mul(head.beta()).sum());
    }
    // The label part: -mean_i (beta <u_{y_i}, f_i> + b_{y_i}), one row of the head per sample.
    NDArray target = features.mul(own(head.rows().get(y), scope)).sum(new int[] {1});
    target = target.mul(head.beta() == null ? betaValue : head.beta());
    if (head.bias() != null) {
      target = target.add(own(head.bias().get(y), scope));
    }
    NDArray value = sums.lse().sub(target.stopGradient()).mean();
    return new Loss(value, objective.sub(target.sum().mul(perSample)));
  }

  private static NDArray own(NDArray array, NDManager scope) {
    array.attach(scope);
    return array;
  }

  @Override
  public void close() {
    softmax.close();
  }
}
