package dev.idtrain.config;

/** The sprites process's encoder ({@code model.encoder}); the sphere's is always its MLP. */
public enum Encoder {
  /** The paper's: flattened pixels -> 3 x (Linear(512), BatchNorm, ReLU). */
  MLP,
  /**
   * A small convolutional one, DisLib's image encoder with BatchNorm: 4 x (Conv 4 x 4 stride 2,
   * BatchNorm, ReLU) at 32, 32, 64, 64 channels, then Linear(512), BatchNorm, ReLU.
   */
  CNN
}
