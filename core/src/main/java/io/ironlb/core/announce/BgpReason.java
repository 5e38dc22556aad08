package io.ironlb.core.announce;

/**
 * Why this node does not announce a Service over BGP (MetalLB's {@code dropReason} from the BGP
 * speaker, METALLB-API.md §5.1, with IronLB's extra explicit reasons). The wire value is the
 * camel-case word used in Events, status and metric labels; where MetalLB spells a reason
 * differently ({@code nodeLabeledExcludeBalancers}), IronLB uses the same word as its layer-2
 * reasons ({@code nodeExcluded}), so one reason has one spelling across both modes.
 */
public enum BgpReason {
  NO_IP("noIPAllocated"),
  NO_POOL("noPool"),
  NO_MATCHING_ADVERTISEMENT("noMatchingAdvertisement"),
  NO_PEERS("noPeers"),
  CONFLICTING_ADVERTISEMENTS("conflictingAdvertisements"),
  NODE_NETWORK_UNAVAILABLE("nodeNetworkUnavailable"),
  NODE_EXCLUDED("nodeExcluded"),
  NO_LOCAL_ENDPOINTS("noLocalEndpoints"),
  NO_ENDPOINTS("noEndpoints");

  private final String wire;

  BgpReason(String wire) {
    this.wire = wire;
  }

  /** The reason as Events and status spell it, e.g. {@code noLocalEndpoints}. */
  public String wireValue() {
    return wire;
  }

  /** The reason spelled {@code s}; IllegalArgumentException naming it otherwise. */
  public static BgpReason fromWire(String s) {
    for (BgpReason r : values()) {
      if (r.wire.equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown BGP reason \"" + s + "\"");
  }
}
