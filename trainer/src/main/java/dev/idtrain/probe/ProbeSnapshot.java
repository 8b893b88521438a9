package dev.idtrain.probe;

import dev.idtrain.config.Objective;
import dev.idtrain.event.TrainingEvent;

/**
 * A probe's snapshot on the sphere ({@link IdentifiabilityProbe} scores it): plain arrays
 * only, no model state. Row-major: sample m's latent is {@code latents[m * dim .. + dim)}. The
 * arrays are handed over, not copied; the trainer must not touch them after publishing.
 *
 * @param step training step the probe measures
 * @param elapsedSeconds run time at that step
 * @param loss training loss at that step
 * @param encodeSeconds time spent drawing and encoding the held-out set
 * @param dim latent (and feature) dimension d
 * @param latents held-out latents z, M×d
 * @param features encoder outputs f(x) in inference mode, M×d
 * @param targets the label the head is trained on per sample: instance (DIET) or class
 *     (supervised)
 * @param predicted the head's argmax per sample
 * @param headRows rows w_k of the head, K_head×d (K_head = N for DIET, K for supervised)
 * @param objective DIET or supervised; decides which class head row k stands for
 * @param clusterVectors the DGP's cluster vectors v_1..v_K, K×d
 * @param temperature the head's beta
 * @param kappa the vMF concentration of the DGP
 * @param normalizedRows whether the head's rows are unit normalised
 * @param learnedTemperature whether beta is learned
 */
public record ProbeSnapshot(
    long step,
    double elapsedSeconds,
    double loss,
    double encodeSeconds,
    int dim,
    float[] latents,
    float[] features,
    int[] targets,
    int[] predicted,
    float[] headRows,
    Objective objective,
    double[][] clusterVectors,
    double temperature,
    double kappa,
    boolean normalizedRows,
    boolean learnedTemperature) implements Snapshot {

  public ProbeSnapshot {
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be positive, got " + dim);
    }
    if (latents.length == 0 || latents.length % dim != 0) {
      throw new IllegalArgumentException(latents.length + " latent values are not M×" + dim);
    }
    int samples = latents.length / dim;
    if (features.length != latents.length) {
      throw new IllegalArgumentException(
          features.length + " feature values for " + samples + "×" + dim + " latents");
    }
    if (targets.length != samples || predicted.length != samples) {
      throw new IllegalArgumentException(targets.length + " targets and " + predicted.length
          + " predictions for " + samples + " samples");
    }
    if (headRows.length == 0 || headRows.length % dim != 0) {
      throw new IllegalArgumentException(headRows.length + " head values are not K_head×" + dim);
    }
    int headCount = headRows.length / dim;
    if (clusterVectors.length == 0) {
      throw new IllegalArgumentException("no cluster vectors");
    }
    for (double[] v : clusterVectors) {
      if (v.length != dim) {
        throw new IllegalArgumentException("a cluster vector has length " + v.length + ", not " + dim);
      }
    }
    if (objective == Objective.SUPERVISED && headCount != clusterVectors.length) {
      throw new IllegalArgumentException("a supervised head has one row per class: "
          + headCount + " rows for " + clusterVectors.length + " classes");
    }
    for (int t : targets) {
      if (t < 0 || t >= headCount) {
        throw new IllegalArgumentException("target " + t + " outside the head's " + headCount + " rows");
      }
    }
  }

  @Override
  public TrainingEvent.Probe score() {
    return IdentifiabilityProbe.score(this);
  }

  /** M, the number of held-out samples. */
  public int samples() {
    return latents.length / dim;
  }

  /** K_head, the number of head rows. */
  public int headCount() {
    return headRows.length / dim;
  }

  /** The class head row k stands for: k mod K for DIET (instance k), k itself for supervised. */
  public int classOfRow(int k) {
    return objective == Objective.DIET ? Math.floorMod(k, clusterVectors.length) : k;
  }
}
