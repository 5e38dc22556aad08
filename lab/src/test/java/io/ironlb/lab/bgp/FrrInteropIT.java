package io.ironlb.lab.bgp;

import org.junit.jupiter.api.Test;

/** {@link InteropMatrix} against FrrDaemon. */
class FrrInteropIT extends InteropMatrix {

  @Override
  void requireDaemon() {
    LabPreconditions.requireRootAnd(
        LabPreconditions.FRR_BGPD,
        LabPreconditions.FRR_ZEBRA,
        LabPreconditions.FRR_BFDD,
        LabPreconditions.VTYSH);
  }

  @Override
  RoutingDaemon startDaemon(BgpSegment segment) {
    return FrrDaemon.start(segment.addRouter(routerName(), 2));
  }

  @Override
  String routerName() {
    return "frr";
  }

  @Test
  void bfdComesUpAndItsLossDropsTheBgpSessionAtOnce() throws Exception {
    bfdUpThenItsLossDropsTheBgpSessionAtOnce(
        () -> "up".equals(((FrrDaemon) daemon).bfdStatus(BgpSegment.HOST_V4)));
  }
}
