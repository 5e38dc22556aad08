package io.ironlb.speaker.forwarder;

import java.util.List;

/**
 * The read side of the forwarder's counters, for the speaker's metrics and status. Counters are
 * monotonic from the moment a Service was first forwarded on this node; they disappear with it.
 */
public interface ForwarderStats {

  /** One snapshot per forwarded Service, sorted by Service key. */
  List<ServiceStats> services();
}
