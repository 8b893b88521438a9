package dev.idtrain.telemetry.page;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One configuration key of the run as the live page lists it: plain text, so telemetry needs to
 * know nothing of how the trainer parses its configuration.
 *
 * @param defaultValue what the key is when nothing sets it
 */
public record ConfigEntry(String key, String value, @JsonProperty("default") String defaultValue) {

  public ConfigEntry {
    Objects.requireNonNull(key, "key");
  }

  /** True when the run sets the key to something other than its default. */
  @JsonProperty("changed")
  public boolean changed() {
    return !Objects.equals(value, defaultValue);
  }
}
