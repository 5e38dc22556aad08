package io.ironlb.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The values of {@code BGPPeer.spec.dynamicASN}: which remote AS the session accepts when {@code
 * peerASN} is not given. The field itself stays a string (MetalLB's {@code DynamicASNMode}); this
 * enum gives the schema its {@code enum} and lets code compare against named constants.
 */
public enum DynamicAsnMode {
  /** The peer must be in {@code myASN} (iBGP). */
  @JsonProperty("internal")
  INTERNAL("internal"),
  /** The peer must be in any AS other than {@code myASN} (eBGP). */
  @JsonProperty("external")
  EXTERNAL("external");

  private final String value;

  DynamicAsnMode(String value) {
    this.value = value;
  }

  /** The value as written in YAML. */
  public String value() {
    return value;
  }
}
