package dev.idtrain.config;

/** What the head classifies: instance labels (DIET) or class labels (supervised). */
public enum Objective {
  SUPERVISED, DIET
}
