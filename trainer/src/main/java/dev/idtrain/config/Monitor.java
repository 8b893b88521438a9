package dev.idtrain.config;

/** The held-out figure early stopping watches ({@code stop.monitor}). */
public enum Monitor {
  /** The affine R² of the features to the latents: identifiability itself. */
  AFFINE("affine R²"),
  /** The affine R² of the head rows to their classes' cluster vectors (Tab. 2's W→v). */
  CLUSTER("cluster R²");

  private final String figure;

  Monitor(String figure) {
    this.figure = figure;
  }

  public String figure() {
    return figure;
  }
}
