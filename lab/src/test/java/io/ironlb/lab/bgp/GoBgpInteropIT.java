package io.ironlb.lab.bgp;

/** {@link InteropMatrix} against GoBgpDaemon. */
class GoBgpInteropIT extends InteropMatrix {

  @Override
  void requireDaemon() {
    LabPreconditions.requireRootAnd(LabPreconditions.GOBGPD, LabPreconditions.GOBGP);
  }

  @Override
  RoutingDaemon startDaemon(BgpSegment segment) {
    return GoBgpDaemon.start(segment.addRouter(routerName(), 4), 64512);
  }

  @Override
  String routerName() {
    return "gobgp";
  }
}
