package dev.idtrain.telemetry.http;

/**
 * The metrics endpoint could not be opened with the configured {@code telemetry.bind} and
 * {@code telemetry.port} (a sweep's overview: {@code --bind} and {@code --port}). The message is
 * one line naming the key, the value and what is allowed, for the command line to print before
 * exiting with status 2.
 */
public final class TelemetryBindException extends RuntimeException {

  private final String key;
  private final String value;

  TelemetryBindException(String key, String value, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
    this.value = value;
  }

  /** The setting at fault: {@code telemetry.port} or {@code telemetry.bind}, or a sweep's option. */
  public String key() {
    return key;
  }

  /** The offending value, as configured. */
  public String value() {
    return value;
  }
}
