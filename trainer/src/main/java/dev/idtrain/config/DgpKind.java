package dev.idtrain.config;

/** Which generative process a run samples from ({@code dgp.kind}). */
public enum DgpKind {
  /** Latents on the sphere around cluster vectors, observed through an invertible MLP. */
  SPHERE,
  /** dSprites' factors, observed as the 64 × 64 binary image of the sprite they describe. */
  SPRITES
}
