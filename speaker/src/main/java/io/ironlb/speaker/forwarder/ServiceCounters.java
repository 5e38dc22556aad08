package io.ironlb.speaker.forwarder;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one Service, shared by its listeners and kept across reconfigurations. */
final class ServiceCounters {

  final AtomicLong activeConnections = new AtomicLong();
  final AtomicLong activeFlows = new AtomicLong();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder refusedBySourceRange = new LongAdder();
  final LongAdder refusedByLimit = new LongAdder();
  final LongAdder refusedNoTarget = new LongAdder();
  final LongAdder idleClosed = new LongAdder();

  ServiceStats snapshot(String service, List<TargetStats> targets) {
    return new ServiceStats(
        service,
        activeConnections.get(),
        activeFlows.get(),
        bytesIn.sum(),
        bytesOut.sum(),
        refusedBySourceRange.sum(),
        refusedByLimit.sum(),
        refusedNoTarget.sum(),
        idleClosed.sum(),
        targets);
  }
}
