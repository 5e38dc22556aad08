package io.ironlb.core.config;

/**
 * A validated {@code BFDProfile}, defaults applied (300 ms intervals, multiplier 3, echo 50 ms).
 */
public record BfdProfileConfig(
    String name,
    int receiveIntervalMs,
    int transmitIntervalMs,
    int detectMultiplier,
    int echoIntervalMs,
    boolean echoMode,
    boolean passiveMode,
    int minimumTtl) {}
