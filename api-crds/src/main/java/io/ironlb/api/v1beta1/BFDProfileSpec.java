package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** {@code BFDProfile.spec}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BFDProfileSpec {

  @Min(10)
  @Max(60000)
  @JsonPropertyDescription(
      "Minimum interval, in milliseconds, at which this system can receive control packets."
          + " Default 300.")
  private Integer receiveInterval;

  @Min(10)
  @Max(60000)
  @JsonPropertyDescription(
      "Minimum interval, in milliseconds, at which this system sends control packets. Default 300.")
  private Integer transmitInterval;

  @Min(2)
  @Max(255)
  @JsonPropertyDescription(
      "Control packets that may be lost before the session is declared down. Default 3.")
  private Integer detectMultiplier;

  @Min(10)
  @Max(60000)
  @JsonPropertyDescription("Echo packet interval in milliseconds, when echo mode is on.")
  private Integer echoInterval;

  @JsonPropertyDescription("Enables echo mode (not for multi-hop sessions).")
  private Boolean echoMode;

  @JsonPropertyDescription(
      "Passive mode: wait for the peer's control packets instead of starting the session.")
  private Boolean passiveMode;

  @Min(1)
  @Max(254)
  @JsonPropertyDescription("Minimum expected TTL of incoming control packets (multi-hop only).")
  private Integer minimumTtl;

  public Integer getReceiveInterval() {
    return receiveInterval;
  }

  public void setReceiveInterval(Integer v) {
    this.receiveInterval = v;
  }

  public Integer getTransmitInterval() {
    return transmitInterval;
  }

  public void setTransmitInterval(Integer v) {
    this.transmitInterval = v;
  }

  public Integer getDetectMultiplier() {
    return detectMultiplier;
  }

  public void setDetectMultiplier(Integer v) {
    this.detectMultiplier = v;
  }

  public Integer getEchoInterval() {
    return echoInterval;
  }

  public void setEchoInterval(Integer v) {
    this.echoInterval = v;
  }

  public Boolean getEchoMode() {
    return echoMode;
  }

  public void setEchoMode(Boolean v) {
    this.echoMode = v;
  }

  public Boolean getPassiveMode() {
    return passiveMode;
  }

  public void setPassiveMode(Boolean v) {
    this.passiveMode = v;
  }

  public Integer getMinimumTtl() {
    return minimumTtl;
  }

  public void setMinimumTtl(Integer v) {
    this.minimumTtl = v;
  }
}
