package dev.idtrain.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The allowed interval of a numeric configuration value. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Range {
  double min();

  double max();

  /** Whether {@link #min()} itself is excluded (a strictly positive rate, say). */
  boolean exclusiveMin() default false;

  /** Whether {@link #max()} itself is excluded (a factor that must shrink, say). */
  boolean exclusiveMax() default false;
}
