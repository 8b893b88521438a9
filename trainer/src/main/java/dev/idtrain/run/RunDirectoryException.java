package dev.idtrain.run;

/**
 * A run directory the run refuses: in use by another process, on a filesystem that cannot lock,
 * or not writable. The message is one line naming the directory.
 */
public final class RunDirectoryException extends RuntimeException {
  public RunDirectoryException(String message) {
    super(message);
  }
}
