package io.ironlb.speaker.forwarder;

import java.util.List;

/**
 * What {@link NodePortForwarder#apply} did.
 *
 * @param opened listeners opened
 * @param updated listeners whose targets or settings changed (their connections kept)
 * @param closed listeners closed, with their connections and flows
 * @param failures listeners that could not be opened; the next apply tries them again
 */
public record ApplyResult(int opened, int updated, int closed, List<ListenerFailure> failures) {

  public ApplyResult {
    failures = List.copyOf(failures);
  }

  /** Whether nothing changed and nothing failed. */
  public boolean unchanged() {
    return opened == 0 && updated == 0 && closed == 0 && failures.isEmpty();
  }

  /**
   * A listener that could not be opened (an address not local and no IP_FREEBIND, a port in use).
   *
   * @param service {@code namespace/name}
   * @param listener the listener
   * @param reason the bind error
   */
  public record ListenerFailure(String service, ListenerSpec listener, String reason) {}
}
