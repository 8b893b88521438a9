package dev.idtrain.dgp;

/** Small vector helpers for points on the unit sphere S^{d-1}; allocation free. */
final class Sphere {

  private Sphere() {}

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  /**
   * Scales {@code v} in place to unit length (the projection onto the sphere) and returns its
   * former norm; a zero or non-finite vector is left as it is so the caller can draw again.
   */
  static double normalize(double[] v) {
    double norm = Math.sqrt(dot(v, v));
    if (norm > 0 && Double.isFinite(norm)) {
      double inv = 1 / norm;
      for (int j = 0; j < v.length; j++) {
        v[j] *= inv;
      }
    }
    return norm;
  }

  static boolean projectable(double norm) {
    return norm > 0 && Double.isFinite(norm);
  }
}
