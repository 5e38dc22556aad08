package io.ironlb.lab.bgp;

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
}
