package dev.idtrain.config;

/** Distribution of the cluster vectors on the sphere (DESIGN §2.1). */
public enum Marginal {
  UNIFORM, LAPLACE, NORMAL
}
