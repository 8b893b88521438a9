package dev.idtrain.train;

/**
 * What one training step did.
 *
 * @param finite false when the loss or gradient was not finite and the update was skipped
 */
public record StepOutcome(double loss, double gradNorm, boolean finite) {}
