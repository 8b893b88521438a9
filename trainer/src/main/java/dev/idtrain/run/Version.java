package dev.idtrain.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What build of idtrain this is: the version the jar's manifest carries ("dev" when run from a
 * build tree), and the source commit the build recorded when it was built from a checkout.
 */
public final class Version {
  /** Written by the build (git-commit-id-maven-plugin); absent outside a checkout. */
  private static final String GIT_PROPERTIES = "dev/idtrain/run/git.properties";
  private static final String COMMIT = readCommit();

  private Version() {}

  public static String get() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /**
   * The commit the build's sources came from, with {@code -dirty} when they differed from it;
   * null when the build did not come from a checkout.
   */
  public static String commit() {
    return COMMIT;
  }

  private static String readCommit() {
    try (InputStream in = Version.class.getClassLoader().getResourceAsStream(GIT_PROPERTIES)) {
      if (in == null) {
        return null;
      }
      Properties git = new Properties();
      git.load(in);
      String id = git.getProperty("git.commit.id.full", "");
      if (id.isEmpty()) {
        return null;
      }
      return Boolean.parseBoolean(git.getProperty("git.dirty")) ? id + "-dirty" : id;
    } catch (IOException e) {
      return null;
    }
  }
}
