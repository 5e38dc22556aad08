package io.ironlb.speaker;

import io.ironlb.api.v1beta2.BGPPeer;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.speaker.bgp.BgpAnnouncer;
import io.ironlb.speaker.status.StatusPublisher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events on the BGPPeer objects about this node's sessions: {@code sessionEstablished} (Normal),
 * {@code sessionDown} and {@code sessionRefused} (Warning), each naming the node and the reason, so
 * {@code kubectl describe bgppeer} shows which nodes lost their session and why. The Event recorder
 * counts repeats of the same message instead of writing new Events, so a flapping peer stays
 * readable.
 */
final class PeerSessionEvents implements BgpAnnouncer.PeerEvents {

  private final StatusPublisher status;
  private final String node;
  private volatile Map<String, BGPPeer> objects = Map.of();

  PeerSessionEvents(StatusPublisher status, String node) {
    this.status = status;
    this.node = node;
  }

  /** The BGPPeer objects of the latest snapshot (Events need the object). */
  void objects(List<BGPPeer> peers) {
    Map<String, BGPPeer> m = new HashMap<>();
    peers.forEach(p -> m.put(p.getMetadata().getName(), p));
    objects = m;
  }

  @Override
  public void established(String peer) {
    record(
        peer,
        EventRecorder.Type.NORMAL,
        "sessionEstablished",
        "session from node " + node + " established");
  }

  @Override
  public void down(String peer, String reason) {
    record(
        peer,
        EventRecorder.Type.WARNING,
        "sessionDown",
        "session from node " + node + " down: " + reason);
  }

  @Override
  public void refused(String peer, String reason) {
    record(
        peer,
        EventRecorder.Type.WARNING,
        "sessionRefused",
        "session from node " + node + " not started: " + reason);
  }

  private void record(String peer, EventRecorder.Type type, String reason, String message) {
    BGPPeer object = objects.get(peer);
    if (object != null) {
      status.event(new StatusPublisher.PendingEvent(object, type, reason, message));
    }
  }
}
