package io.ironlb.speaker.bgp.bfd;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The sessions of one transport, one per peer address, each with a random non-zero local
 * discriminator unique among them (RFC 5880 §6.3). Not thread-safe: the transport's event loop owns
 * it.
 */
final class BfdSessions {

  /** A session and where its packets go. */
  record Entry(InetSocketAddress peer, BfdSession session) {
    Entry {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(session, "session");
    }
  }

  private final RandomGenerator random;
  private final Map<InetAddress, Entry> byPeer = new HashMap<>();
  private final Map<Long, Entry> byDiscriminator = new HashMap<>();

  BfdSessions(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Creates the session for {@code peer}; a peer has at most one. */
  Entry open(InetSocketAddress peer, BfdTimers timers, BfdStateListener listener) {
    InetAddress address = peer.getAddress();
    if (byPeer.containsKey(address)) {
      throw new IllegalStateException("BFD session for " + address + " already exists");
    }
    long discriminator = freeDiscriminator();
    BfdSession session =
        new BfdSession(discriminator, timers, address.getHostAddress(), random, listener);
    Entry entry = new Entry(peer, session);
    byPeer.put(address, entry);
    byDiscriminator.put(discriminator, entry);
    return entry;
  }

  Optional<Entry> remove(InetAddress peer) {
    Entry entry = byPeer.remove(peer);
    if (entry != null) {
      byDiscriminator.remove(entry.session().localDiscriminator());
    }
    return Optional.ofNullable(entry);
  }

  Optional<Entry> byPeer(InetAddress peer) {
    return Optional.ofNullable(byPeer.get(peer));
  }

  /**
   * RFC 5880 §6.8.6: the session a packet belongs to: by Your Discriminator when non-zero (and only
   * if it came from that session's peer), else by source address.
   */
  Optional<Entry> route(InetAddress source, BfdControlPacket packet) {
    if (packet.yourDiscriminator() == 0) {
      return byPeer(source);
    }
    Entry entry = byDiscriminator.get(packet.yourDiscriminator());
    return entry != null && entry.peer().getAddress().equals(source)
        ? Optional.of(entry)
        : Optional.empty();
  }

  List<Entry> all() {
    return List.copyOf(byPeer.values());
  }

  int size() {
    return byPeer.size();
  }

  private long freeDiscriminator() {
    long candidate;
    do {
      candidate = random.nextLong(1, BfdControlPacket.MAX_UNSIGNED_32 + 1);
    } while (byDiscriminator.containsKey(candidate));
    return candidate;
  }
}
