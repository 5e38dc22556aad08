package io.ironlb.speaker.forwarder;

import java.util.List;

/**
 * Counters of one Service's forwarding on this node, summed over its listeners.
 *
 * @param service {@code namespace/name}
 * @param activeConnections TCP connections open now
 * @param activeFlows UDP flows in the flow table now
 * @param bytesIn bytes received from clients and relayed to targets (TCP and UDP)
 * @param bytesOut bytes received from targets and relayed to clients
 * @param refusedBySourceRange connections reset / datagrams dropped because the client is outside
 *     {@code loadBalancerSourceRanges}
 * @param refusedByLimit connections reset / new flows dropped at the connection or flow limit
 * @param refusedNoTarget connections or new flows with no healthy target to go to
 * @param idleClosed TCP connections closed by the idle timeout
 * @param targets per target, in listener then target order
 */
public record ServiceStats(
    String service,
    long activeConnections,
    long activeFlows,
    long bytesIn,
    long bytesOut,
    long refusedBySourceRange,
    long refusedByLimit,
    long refusedNoTarget,
    long idleClosed,
    List<TargetStats> targets) {

  public ServiceStats {
    targets = List.copyOf(targets);
  }
}
