package io.ironlb.lab.bgp;

import org.junit.jupiter.api.Test;

/** {@link InteropMatrix} against BirdDaemon. */
class BirdInteropIT extends InteropMatrix {

  @Override
  void requireDaemon() {
    LabPreconditions.requireRootAnd(LabPreconditions.BIRD, LabPreconditions.BIRDC);
  }

  @Override
  RoutingDaemon startDaemon(BgpSegment segment) {
    return BirdDaemon.start(segment.addRouter(routerName(), 3));
  }

  @Override
  String routerName() {
    return "bird";
  }

  @Test
  void bfdComesUpAndItsLossDropsTheBgpSessionAtOnce() throws Exception {
    bfdUpThenItsLossDropsTheBgpSessionAtOnce(
        () -> "Up".equals(((BirdDaemon) daemon).bfdState(BgpSegment.HOST_V4)));
  }
}
