package dev.idtrain.config;

/** Distribution of the cluster vectors on the sphere. */
public enum Marginal {
  UNIFORM, LAPLACE, NORMAL
}
