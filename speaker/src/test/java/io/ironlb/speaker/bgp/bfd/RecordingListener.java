package io.ironlb.speaker.bgp.bfd;

import java.util.ArrayList;
import java.util.List;

/** Records every state change a session reports. */
final class RecordingListener implements BfdStateListener {

  record Change(BfdState from, BfdState to, BfdDiagnostic why) {}

  final List<Change> changes = new ArrayList<>();

  @Override
  public void onStateChange(BfdState from, BfdState to, BfdDiagnostic why) {
    changes.add(new Change(from, to, why));
  }

  List<BfdState> states() {
    return changes.stream().map(Change::to).toList();
  }

  Change last() {
    return changes.get(changes.size() - 1);
  }
}
