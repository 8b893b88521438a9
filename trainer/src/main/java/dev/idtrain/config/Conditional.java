package dev.idtrain.config;

/** Distribution of a latent around its cluster vector (DESIGN §2.1). */
public enum Conditional {
  VMF, LAPLACE, NORMAL
}
