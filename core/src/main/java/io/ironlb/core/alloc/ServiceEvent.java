package io.ironlb.core.alloc;

import java.util.Objects;

/**
 * An Event the controller should record on the Service, with MetalLB's reasons ({@code
 * IPAllocated}, {@code AllocationFailed}, {@code ClearAssignment}, {@code LoadBalancerFailed},
 * {@code deprecatedAnnotation}) and a message in words.
 */
public record ServiceEvent(Type type, String reason, String message) {

  /** Normal or Warning, as Kubernetes Events. */
  public enum Type {
    NORMAL,
    WARNING
  }

  public ServiceEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  static ServiceEvent normal(String reason, String message) {
    return new ServiceEvent(Type.NORMAL, reason, message);
  }

  static ServiceEvent warning(String reason, String message) {
    return new ServiceEvent(Type.WARNING, reason, message);
  }
}
