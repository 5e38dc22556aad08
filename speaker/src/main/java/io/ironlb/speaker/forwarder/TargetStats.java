package io.ironlb.speaker.forwarder;

import java.net.InetSocketAddress;

/**
 * Counters of one NodePort target of one listener.
 *
 * @param protocol the listener's protocol
 * @param target {@code nodeIP:nodePort}
 * @param healthy whether new connections may go there (UDP targets are not checked: always true)
 * @param active TCP connections or UDP flows to it now, through this forwarder
 * @param bytesToTarget bytes relayed to it
 * @param bytesFromTarget bytes relayed from it
 * @param connectFailures relayed connections whose connect to it failed (then the next target was
 *     tried)
 */
public record TargetStats(
    L4Protocol protocol,
    InetSocketAddress target,
    boolean healthy,
    long active,
    long bytesToTarget,
    long bytesFromTarget,
    long connectFailures) {}
