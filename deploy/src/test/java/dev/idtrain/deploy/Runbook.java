package dev.idtrain.deploy;

import java.util.Locale;

/** Where the runbook entry of an alert lives: a heading named after it in deploy/README.md. */
public final class Runbook {

  private Runbook() {}

  /** The {@code runbook} annotation of an alert: the README and the heading's anchor. */
  public static String annotationFor(String alertName) {
    return "deploy/README.md#" + alertName.toLowerCase(Locale.ROOT);
  }
}
