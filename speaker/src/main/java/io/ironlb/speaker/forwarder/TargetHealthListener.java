package io.ironlb.speaker.forwarder;

import java.net.InetSocketAddress;

/**
 * Told when a target's health changes (the speaker turns "unhealthy" into a Warning Event on the
 * Service). Called on a Netty event loop: return quickly and never block.
 */
@FunctionalInterface
public interface TargetHealthListener {

  /** Nobody listening. */
  TargetHealthListener NONE = (service, target, healthy, reason) -> {};

  /**
   * @param service {@code namespace/name}
   * @param target the NodePort target
   * @param healthy its new state
   * @param reason why, in words (the last check's failure)
   */
  void healthChanged(String service, InetSocketAddress target, boolean healthy, String reason);
}
