package io.ironlb.lab;

/** {@link BgpLabIT} with FRR as the lab's router ({@code make lab MODE=bgp ROUTER=frr}). */
class BgpLabFrrIT extends BgpLabIT {
  BgpLabFrrIT() {
    super(BgpLabRouter.FRR);
  }
}
