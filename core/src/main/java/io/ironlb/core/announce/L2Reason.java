package io.ironlb.core.announce;

/**
 * Why this node does not announce a Service over layer 2 (MetalLB's {@code dropReason}, with
 * IronLB's extra explicit reasons). The wire value is the camel-case word used in Events, status
 * and metric labels.
 */
public enum L2Reason {
  NO_IP("noIPAllocated"),
  NO_POOL("noPool"),
  NO_ENDPOINTS("noEndpoints"),
  NO_MATCHING_ADVERTISEMENT("noMatchingAdvertisement"),
  SHARED_IP_WITH_SERVICE_SELECTOR("sharedIPWithServiceSelector"),
  NO_QUORUM("noQuorum"),
  NODE_EXCLUDED("nodeExcluded"),
  NODE_NETWORK_UNAVAILABLE("nodeNetworkUnavailable"),
  NO_LOCAL_ENDPOINTS("noLocalEndpoints"),
  NOT_OWNER("notOwner"),
  INTERFACE_NOT_FOUND("interfaceNotFound");

  private final String wire;

  L2Reason(String wire) {
    this.wire = wire;
  }

  /** The reason as Events and status spell it, e.g. {@code notOwner}. */
  public String wireValue() {
    return wire;
  }

  /** The reason spelled {@code s}; IllegalArgumentException naming it otherwise. */
  public static L2Reason fromWire(String s) {
    for (L2Reason r : values()) {
      if (r.wire.equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown layer-2 reason \"" + s + "\"");
  }
}
