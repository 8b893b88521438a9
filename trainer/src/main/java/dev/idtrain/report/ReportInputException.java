package dev.idtrain.report;

/** Input the report cannot use (a path that is not a run directory, an unreadable file). */
public final class ReportInputException extends RuntimeException {
  public ReportInputException(String message) {
    super(message);
  }
}
