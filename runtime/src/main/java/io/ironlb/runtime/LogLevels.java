package io.ironlb.runtime;

import java.util.Locale;
import java.util.Map;

/**
 * Maps MetalLB's {@code --log-level} words onto the SLF4J simple binding the executables ship with.
 * Must run before the first logger is created.
 */
public final class LogLevels {

  private static final Map<String, String> LEVELS =
      Map.of(
          "all", "trace", "debug", "debug", "info", "info", "warn", "warn", "error", "error",
          "none", "off");

  private LogLevels() {}

  public static void apply(String level) {
    String simple = LEVELS.get(level.toLowerCase(Locale.ROOT));
    if (simple == null) {
      throw new IllegalArgumentException(
          "--log-level must be one of all, debug, info, warn, error, none; got \"" + level + "\"");
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", simple);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    // The client and JOSDK are chatty at INFO; keep them at WARN unless debugging.
    if (!"debug".equals(simple) && !"trace".equals(simple)) {
      System.setProperty("org.slf4j.simpleLogger.log.io.javaoperatorsdk", "warn");
      System.setProperty("org.slf4j.simpleLogger.log.io.fabric8", "warn");
    }
  }
}
