package dev.idtrain.sweep;

import dev.idtrain.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a grid comes from: a file, or a grid built into idtrain by name ({@code paper}). */
public final class Grids {
  /** The built-in grid of the paper's Tab. 2 and Tab. 3 rows. */
  public static final String PAPER = "paper";

  private Grids() {}

  /** The grid's text: {@code paper}'s resource, or the file {@code ref} names. */
  public static String text(String ref) {
    if (ref.equals(PAPER)) {
      try (InputStream in = Grids.class.getResourceAsStream(PAPER + ".yaml")) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return Files.readString(Path.of(ref), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("--grid: cannot read " + ref + " (" + e.getMessage()
          + "); allowed: a grid file or '" + PAPER + "'");
    }
  }

  public static GridFile load(String ref) {
    return GridFile.parse(text(ref), ref.equals(PAPER) ? "grid " + PAPER : "--grid " + ref);
  }
}
