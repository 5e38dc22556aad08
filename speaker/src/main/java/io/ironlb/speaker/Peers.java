package io.ironlb.speaker;

import io.fabric8.kubernetes.api.model.Node;
import io.ironlb.speaker.k8s.PlannerInputs;
import io.ironlb.speaker.membership.HeartbeatCodec;
import io.ironlb.speaker.membership.Membership;
import io.ironlb.speaker.membership.MembershipConfig;
import io.ironlb.speaker.membership.MembershipView;
import io.ironlb.speaker.membership.UdpMembership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The other speakers, found through the Node objects (each Node's InternalIP, the membership port)
 * and watched with UDP heartbeats (docs/membership.md). A change of the live set triggers a
 * planning pass.
 */
final class Peers implements AnnounceLoop.Members, AutoCloseable {

  private final String self;
  private final int port;
  private final UdpMembership udp;
  private Map<String, InetSocketAddress> last = Map.of();

  private Peers(String self, int port, UdpMembership udp) {
    this.self = self;
    this.port = port;
    this.udp = udp;
  }

  /**
   * Starts the membership; {@code onPause} runs after this speaker could not listen for the
   * detection time or longer (its peers may have taken it for dead).
   */
  static Peers start(SpeakerOptions options, Runnable onChange, Runnable onPause)
      throws IOException {
    SpeakerOptions.MembershipOptions m = options.membership();
    Optional<byte[]> key = Optional.empty();
    if (m.keyFile().isPresent()) {
      key = Optional.of(Files.readAllBytes(m.keyFile().get()));
    }
    MembershipConfig config =
        new MembershipConfig(
            m.interval(),
            m.multiplier(),
            m.interval().multipliedBy(m.multiplier()).multipliedBy(3),
            key);
    Membership membership = new Membership(options.nodeName(), config, System::nanoTime);
    UdpMembership udp =
        new UdpMembership(
            membership,
            new HeartbeatCodec(key),
            new InetSocketAddress(m.port()),
            m.interval(),
            view -> onChange.run(),
            onPause);
    udp.start();
    return new Peers(options.nodeName(), m.port(), udp);
  }

  /** Points the heartbeats at the Nodes' current addresses (cheap when nothing changed). */
  @Override
  public synchronized void update(List<Node> nodes) {
    Map<String, InetSocketAddress> peers = new LinkedHashMap<>();
    for (Map.Entry<String, InetAddress> e : PlannerInputs.nodeAddresses(nodes).entrySet()) {
      if (!e.getKey().equals(self)) {
        peers.put(e.getKey(), new InetSocketAddress(e.getValue(), port));
      }
    }
    if (!peers.equals(last)) {
      udp.setPeers(peers);
      last = Map.copyOf(peers);
    }
  }

  @Override
  public MembershipView view() {
    return udp.view();
  }

  @Override
  public void close() {
    try {
      udp.close();
    } catch (UncheckedIOException e) {
      // the socket is going away anyway
    }
  }
}
