package dev.idtrain.cli;

import picocli.CommandLine.IVersionProvider;

/** The version the jar's manifest carries ("dev" when run from a build tree). */
public final class Version implements IVersionProvider {
  public static String get() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"idtrain " + get()};
  }
}
