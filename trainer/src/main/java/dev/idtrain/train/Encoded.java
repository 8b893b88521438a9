package dev.idtrain.train;

/**
 * A held-out set as the model sees it, copied out of the engine so it can leave the training
 * thread.
 *
 * @param features f(x) in inference mode, row-major
 * @param predicted the head's top-1 label per sample
 * @param headRows the head rows the logits use (unit rows when normalised), row-major
 * @param temperature the current beta
 */
public record Encoded(float[] features, int[] predicted, float[] headRows, double temperature) {}
