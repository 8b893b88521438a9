package dev.idtrain.config;

/** Distribution of a latent around its cluster vector. */
public enum Conditional {
  VMF, LAPLACE, NORMAL
}
