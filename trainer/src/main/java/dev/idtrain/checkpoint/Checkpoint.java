package dev.idtrain.checkpoint;

import java.util.List;

/**
 * Everything a run needs to continue as if it had never stopped, as plain data: the resolved
 * config, the generative process drawn from the seed, the model's parameters (BatchNorm running
 * statistics included), Adam's moments, and the counters. The sampler's random state is
 * {@code nextBatch}: batch b is drawn from a stream keyed by (seed, b) alone.
 *
 * @param step training steps done
 * @param nextBatch index of the next training batch to draw
 * @param samples samples seen
 * @param elapsedSeconds training wall time so far, across restarts
 * @param learningRate the rate the schedule scales (lowered by rollbacks)
 * @param rollbacks divergence rollbacks so far
 * @param configYaml the resolved configuration the run was started with
 * @param clusterVectors K x d; none for sprites, whose process draws nothing from the seed
 * @param generatorWeights L x d x d; none for sprites
 * @param generatorThreshold the condition-number threshold the generator's layers were drawn
 *     under; NaN for sprites
 * @param parameters every parameter of encoder and head (BatchNorm running statistics too), in
 *     the model's fixed order
 * @param adamUpdates Adam's step count t (bias correction)
 * @param adamMeans first moments, one array per trainable parameter, in order
 * @param adamVariances second moments, likewise
 */
public record Checkpoint(
    long step,
    long nextBatch,
    long samples,
    double elapsedSeconds,
    float learningRate,
    int rollbacks,
    String configYaml,
    double[][] clusterVectors,
    double[][][] generatorWeights,
    double generatorThreshold,
    List<float[]> parameters,
    long adamUpdates,
    List<float[]> adamMeans,
    List<float[]> adamVariances) {}
