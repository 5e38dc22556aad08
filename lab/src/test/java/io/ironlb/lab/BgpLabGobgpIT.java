package io.ironlb.lab;

/** {@link BgpLabIT} with GoBGP as the lab's router ({@code make lab MODE=bgp ROUTER=gobgp}). */
class BgpLabGobgpIT extends BgpLabIT {
  BgpLabGobgpIT() {
    super(BgpLabRouter.GOBGP);
  }
}
