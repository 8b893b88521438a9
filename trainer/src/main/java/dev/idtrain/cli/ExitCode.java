package dev.idtrain.cli;

/**
 * What every command's exit status means; decided here, at the command line's edge, from what
 * the library returns or throws.
 */
enum ExitCode {
  /** Done: the run or the sweep finished, or stopped when asked. */
  OK(0),
  /** Something unexpected failed; the log has the cause. */
  ERROR(1),
  /**
   * Refused before anything was written: a configuration, a metrics port, a run directory in use
   * or not writable, a report's input; one line names the setting and what it allows.
   */
  REFUSED(2),
  /** A run diverged beyond its rollbacks, or a sweep ended with a run failed or unfinished. */
  FAILED(3),
  /** A stopped run could not write its final state (a full disk); it resumes from its checkpoint. */
  UNWRITTEN(4);

  final int code;

  ExitCode(int code) {
    this.code = code;
  }
}
