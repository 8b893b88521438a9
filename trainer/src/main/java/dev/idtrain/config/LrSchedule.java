package dev.idtrain.config;

/** How the learning rate moves with the step: not at all, or down a half cosine. */
public enum LrSchedule {
  CONSTANT, COSINE
}
