package io.ironlb.lab;

/** {@link BgpLabIT} with BIRD as the lab's router ({@code make lab MODE=bgp ROUTER=bird}). */
class BgpLabBirdIT extends BgpLabIT {
  BgpLabBirdIT() {
    super(BgpLabRouter.BIRD);
  }
}
