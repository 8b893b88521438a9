package dev.idtrain.engine;

import org.slf4j.LoggerFactory;

/**
 * Whether this JVM has the JDK's incubating Vector API, which the fused CPU paths ({@link
 * VectorSoftmaxSums}, {@link VectorAdam}) are written in. Java 17 adds it only when started with
 * {@code --add-modules jdk.incubator.vector}, as bin/idtrain does.
 */
final class VectorUnits {
  static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  static {
    if (!AVAILABLE) {
      LoggerFactory.getLogger(VectorUnits.class).warn("the JVM lacks jdk.incubator.vector (start it with "
          + "--add-modules jdk.incubator.vector): DIET's softmax over the head's rows and Adam's update run "
          + "as engine operations, several times as slow");
    }
  }

  private VectorUnits() {}
}
