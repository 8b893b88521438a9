package dev.idtrain.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The factors of a sprite besides its shape (which is its class), in the order of a sprites
 * batch's latents, with the names its probes and meters give them.
 */
public enum SpriteFactor {
  SCALE, X, Y, ORIENTATION;

  /** Its name in probes.csv columns and the {@code factor} label: {@code scale}, {@code x}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every factor's label, in order. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(SpriteFactor::label).toList();
  }
}
