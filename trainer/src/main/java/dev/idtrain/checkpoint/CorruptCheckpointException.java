package dev.idtrain.checkpoint;

/** A checkpoint file that fails its checksum or cannot be parsed. */
public final class CorruptCheckpointException extends RuntimeException {
  CorruptCheckpointException(String message) {
    super(message);
  }
}
