package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.Prefix;
import io.ironlb.speaker.bgp.wire.Update;
import io.ironlb.speaker.bgp.wire.attr.MpReachNlri;
import io.ironlb.speaker.bgp.wire.attr.MpUnreachNlri;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records a session's state changes and keeps the routes its peer announced (a small RIB). */
final class RecordingListener implements SessionListener {

  final List<BgpState> states = new CopyOnWriteArrayList<>();
  final List<String> reasons = new CopyOnWriteArrayList<>();
  final Set<Prefix> received = ConcurrentHashMap.newKeySet();
  final List<Update> updates = new CopyOnWriteArrayList<>();

  @Override
  public void stateChanged(String peer, BgpState from, BgpState to, String reason) {
    states.add(to);
    reasons.add(reason);
    if (from == BgpState.ESTABLISHED) {
      received.clear(); // the peer's routes go with the session
    }
  }

  @Override
  public void updateReceived(String peer, Update update) {
    updates.add(update);
    update.withdrawn().forEach(received::remove);
    received.addAll(update.nlri());
    update.attribute(MpUnreachNlri.class).ifPresent(u -> u.prefixes().forEach(received::remove));
    update.attribute(MpReachNlri.class).ifPresent(r -> received.addAll(r.prefixes()));
  }

  boolean reached(BgpState state) {
    return states.contains(state);
  }
}
