package dev.idtrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.idtrain.model.ClassifierHead;

/**
 * Mean cross-entropy of the head's logits, beta * <u_k, f_i> + b_k, against labels y_i, without
 * ever holding the B x N logits: the batch is taken a few rows at a time, few enough that a
 * chunk's logits stay in cache, and each chunk's softmax P is folded at once into the gradients
 * it contributes (DIET's N-way head otherwise spends its step streaming B x N arrays through
 * memory, several times, forward and backward).
 *
 * <p>The loss is mean_i [lse_i - z_{i,y_i}] with lse_i = log sum_k exp z_{ik}. The gradients of
 * the lse part are computed here, outside the graph, from the softmax (d lse_i / d z_ik = P_ik):
 * with s = beta f,
 * d/df_i = beta (P u)_i, d/du = P^T s, d/db = sum_i P_i, d/dbeta = sum_i <f_i, (P u)_i>.
 * They reach the encoder and the head's parameters through a scalar whose gradient they are:
 * sum(f * df) + sum(u * du) + sum(b * db) + beta dbeta, each factor's first array in the graph and
 * the second a constant. The label part, -z_{i,y_i}, touches one row per sample and stays in the
 * graph as it is. Exact to fp32 round-off against the plain path (a test compares every
 * gradient).
 */
final class ChunkedCrossEntropy {
  /** Logits per chunk: 2^16 floats, 256 KiB, well inside a core's L2. */
  static final long CHUNK_ELEMENTS = 1L << 16;

  private ChunkedCrossEntropy() {}

  /**
   * @param value the mean loss, outside the graph
   * @param objective a scalar in the graph whose gradient is the loss's
   */
  record Loss(NDArray value, NDArray objective) {}

  /** Rows of a batch per chunk so that a chunk's logits stay within {@code elements}. */
  static int chunkRows(int headRows, long elements) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, elements / headRows));
  }

  /**
   * @param features f(x), B x d, in the graph
   * @param labels B labels in [0, N)
   * @param scope owns every array made here (a step's manager)
   */
  static Loss evaluate(NDArray features, NDArray labels, ClassifierHead.Terms head, long chunkElements,
      NDManager scope) {
    int batch = (int) features.getShape().get(0);
    NDArray y = labels.toType(DataType.INT64, false);
    NDArray f = features.stopGradient();
    // Arrays made from a parameter belong to the parameter's manager unless moved to the step's.
    NDArray u = own(head.rows().stopGradient(), scope);
    NDArray b = head.bias() == null ? null : own(head.bias().stopGradient(), scope);
    float beta = head.beta() == null ? head.fixedBeta() : head.beta().getFloat();
    NDArray s = f.mul(beta);
    NDArray uT = u.transpose();
    NDArray du = u.zerosLike();
    NDArray db = b == null ? null : b.zerosLike();
    int rows = chunkRows((int) u.getShape().get(0), chunkElements);
    NDList pu = new NDList();
    NDList picked = new NDList();
    for (int from = 0; from < batch; from += rows) {
      NDIndex range = new NDIndex(from + ":" + Math.min(batch, from + rows));
      try (NDManager chunk = scope.newSubManager()) {
        NDArray sc = s.get(chunk, range);
        NDArray z = sc.matMul(uT);
        if (b != null) {
          z.addi(b);
        }
        NDArray logP = z.logSoftmax(1);
        NDArray pick = logP.gather(y.get(chunk, range).expandDims(1), 1);
        NDArray p = logP.exp();
        NDArray puc = p.matMul(u);
        du.addi(p.transpose().matMul(sc));
        if (db != null) {
          db.addi(p.sum(new int[] {0}));
        }
        pick.attach(scope);
        puc.attach(scope);
        picked.add(pick);
        pu.add(puc);
      }
    }
    NDArray q = NDArrays.concat(pu);
    float mean = 1f / batch;
    NDArray value = NDArrays.concat(picked).sum().mul(-mean);
    NDArray objective = features.mul(q.mul(beta * mean)).sum()
        .add(du.muli(mean).mul(head.rows()).sum());
    if (b != null) {
      objective = objective.add(db.muli(mean).mul(head.bias()).sum());
    }
    if (head.beta() != null) {
      objective = objective.add(f.mul(q).sum().mul(mean).mul(head.beta()).sum());
    }
    // The label part: -mean_i (beta <u_{y_i}, f_i> + b_{y_i}), one row of the head per sample.
    NDArray target = features.mul(own(head.rows().get(y), scope)).sum(new int[] {1});
    target = head.beta() == null ? target.mul(beta) : target.mul(head.beta());
    if (b != null) {
      target = target.add(own(head.bias().get(y), scope));
    }
    return new Loss(value, objective.sub(target.sum().mul(mean)));
  }

  private static NDArray own(NDArray array, NDManager scope) {
    array.attach(scope);
    return array;
  }
}
