package io.ironlb.speaker.l2;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The solicited-node multicast groups one interface has joined for the IPv6 addresses owned on it,
 * ref-counted: several addresses share a group when their last 24 bits are equal, and the group is
 * left only when the last of them goes. Not thread-safe: owned by {@link L2Announcer}, which calls
 * it under its own lock.
 */
final class SolicitedNodeGroups {

  private static final Logger LOG = LoggerFactory.getLogger(SolicitedNodeGroups.class);

  private final PacketTransport transport;
  private final Map<Inet6Address, Integer> joined = new HashMap<>();

  SolicitedNodeGroups(PacketTransport transport) {
    this.transport = transport;
  }

  /**
   * RFC 4291 §2.7.1: the solicited-node address of {@code ip}, ff02::1:ff00:0/104 followed by the
   * low-order 24 bits of {@code ip}; NS for {@code ip} are sent there (RFC 4861 §7.2.2).
   */
  static Inet6Address groupOf(Inet6Address ip) {
    byte[] a = ip.getAddress();
    byte[] g = new byte[16];
    g[0] = (byte) 0xFF;
    g[1] = 0x02;
    g[11] = 0x01;
    g[12] = (byte) 0xFF;
    System.arraycopy(a, 13, g, 13, 3);
    try {
      return Inet6Address.getByAddress(null, g, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are always an IPv6 address", e);
    }
  }

  /** Joins the groups of newly owned IPv6 addresses and leaves those no address needs. */
  void update(Set<InetAddress> owned) {
    Map<Inet6Address, Integer> wanted = new HashMap<>();
    for (InetAddress ip : owned) {
      if (ip instanceof Inet6Address v6) {
        wanted.merge(groupOf(v6), 1, Integer::sum);
      }
    }
    joined.keySet().removeIf(group -> !wanted.containsKey(group) && leave(group));
    wanted.forEach(
        (group, count) -> {
          if (joined.containsKey(group) || join(group)) {
            joined.put(group, count);
          }
        });
  }

  /** Groups joined and how many owned addresses need each. */
  Map<Inet6Address, Integer> joined() {
    return Map.copyOf(joined);
  }

  private boolean join(Inet6Address group) {
    try {
      transport.joinMulticast(group);
      LOG.debug("{}: joined {}", transport.info().name(), group.getHostAddress());
      return true;
    } catch (IOException e) {
      LOG.warn("{}: cannot join {}: {}", transport.info().name(), group, e.toString());
      return false; // retried on the next update
    }
  }

  private boolean leave(Inet6Address group) {
    try {
      transport.leaveMulticast(group);
      LOG.debug("{}: left {}", transport.info().name(), group.getHostAddress());
    } catch (IOException e) {
      LOG.warn("{}: cannot leave {}: {}", transport.info().name(), group, e.toString());
    }
    return true; // forgotten either way: the membership goes with the transport at the latest
  }
}
