package dev.idtrain.run;

/** The version the jar's manifest carries ("dev" when run from a build tree). */
public final class Version {
  private Version() {}

  public static String get() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
