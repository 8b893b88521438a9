package dev.idtrain.config;

/** A configuration value that cannot be used. The message is one line a user can act on. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public static ConfigException invalid(String key, Object value, String allowed) {
    return new ConfigException(key + ": " + describe(value) + " is not allowed; allowed: " + allowed);
  }

  private static String describe(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
