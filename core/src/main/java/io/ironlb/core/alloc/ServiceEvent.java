package io.ironlb.core.alloc;

import java.util.Objects;

/**
 * An Event the controller should record on the Service: MetalLB's reasons (METALLB-API.md §2.6) and
 * a message in words naming the problem.
 */
public record ServiceEvent(Type type, String reason, String message) {

  /** Normal: an IP was assigned or cleared. */
  public static final String IP_ALLOCATED = "IPAllocated";

  /** Warning: no IP could be allocated or assigned; the message says why. */
  public static final String ALLOCATION_FAILED = "AllocationFailed";

  /** Normal: the current IPs are no longer allowed and were given back. */
  public static final String CLEAR_ASSIGNMENT = "ClearAssignment";

  /** Warning: the requested IPs cannot be read (both forms set, not IPs, wrong count). */
  public static final String LOAD_BALANCER_FAILED = "LoadBalancerFailed";

  /** Normal: a PreferDualStack Service got only one of its two families. */
  public static final String ADDITIONAL_ASSIGN_FAILED = "AdditionalAssignFailed";

  /** Warning: RequireDualStack with a single ClusterIP. */
  public static final String NOT_ENOUGH_CLUSTER_IPS = "not enough clusterips";

  /** Warning: the ClusterIPs are missing or not IPs, so the Service's families are unknown. */
  public static final String NO_CLUSTER_IPS_FAMILY = "noclusterIPsIPFamily";

  /** Warning: the Service uses a {@code metallb.universe.tf/} annotation. */
  public static final String DEPRECATED_ANNOTATION = "deprecatedAnnotation";

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
