package io.ironlb.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.SecretReference;
import io.ironlb.api.v1beta1.Patterns;
import java.util.List;

/**
 * {@code BGPPeer.spec} (v1beta2), field for field as MetalLB's {@code BGPPeerSpec}. Fields with a
 * schema default start at that default, so an object read from a server that does not apply schema
 * defaults (a test double) looks like one read from a real API server.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BGPPeerSpec {

  @Required
  @Min(0)
  @Max(4294967295L)
  @JsonProperty("myASN")
  @JsonPropertyDescription("AS number this node uses on the session.")
  private Long myASN;

  @Min(0)
  @Max(4294967295L)
  @JsonProperty("peerASN")
  @JsonPropertyDescription("The peer's AS number. Set exactly one of peerASN and dynamicASN.")
  private Long peerASN;

  // a string in Java (as in MetalLB), an enum in the schema (kubebuilder Enum=internal;external)
  @SchemaFrom(type = DynamicAsnMode.class)
  @JsonProperty("dynamicASN")
  @JsonPropertyDescription(
      "internal (the peer's AS is myASN) or external (any other AS), instead of peerASN.")
  private String dynamicASN;

  @Min(1)
  @Max(4294967295L)
  @JsonProperty("localASN")
  @JsonPropertyDescription("AS number presented to the peer instead of myASN.")
  private Long localASN;

  @Pattern(Patterns.IP_OR_EMPTY)
  @JsonPropertyDescription("The peer's IP. Set exactly one of peerAddress and interface.")
  private String peerAddress;

  @JsonProperty("interface")
  @JsonPropertyDescription(
      "Node interface for unnumbered BGP, instead of peerAddress. Not validated: a wrong name"
          + " only keeps the session down.")
  private String iface;

  @Pattern(Patterns.IP_OR_EMPTY)
  @JsonPropertyDescription("Local IP to open the session from; must exist on the node.")
  private String sourceAddress;

  @Min(1)
  @Max(16384)
  @Default("179")
  @JsonPropertyDescription("TCP port of the peer. Default 179.")
  private Integer peerPort = 179;

  @Pattern(Patterns.GO_DURATION)
  @JsonPropertyDescription(
      "Hold time proposed to the peer (Go duration, e.g. 90s); 0 or at least 3s. Default 90s.")
  private String holdTime;

  @Pattern(Patterns.GO_DURATION)
  @JsonPropertyDescription(
      "Keepalive interval (Go duration); at most holdTime. Default holdTime/3.")
  private String keepaliveTime;

  @Pattern(Patterns.GO_DURATION)
  @ValidationRule(
      value = "duration(self).getSeconds() >= 1 && duration(self).getSeconds() <= 65535",
      message = "connectTime must be between 1s and 65535s")
  @ValidationRule(
      value = "duration(self).getMilliseconds() % 1000 == 0",
      message = "connectTime must be a whole number of seconds")
  @JsonPropertyDescription("Time between connection attempts (Go duration, whole seconds).")
  private String connectTime;

  @Pattern(Patterns.IP_OR_EMPTY)
  @JsonProperty("routerID")
  @JsonPropertyDescription("BGP router ID; default: the local IPv4 address of the session.")
  private String routerID;

  @JsonPropertyDescription("Nodes that open this session (OR-ed label selectors); empty: all.")
  private List<LabelSelector> nodeSelectors;

  @JsonPropertyDescription("TCP MD5 password (RFC 2385). Prefer passwordSecret; do not set both.")
  private String password;

  @JsonPropertyDescription(
      "Secret of type kubernetes.io/basic-auth in the IronLB namespace whose key \"password\" holds"
          + " the TCP MD5 password.")
  private SecretReference passwordSecret;

  @JsonPropertyDescription("Name of the BFDProfile for this session; empty: no BFD.")
  private String bfdProfile;

  @ValidationRule(
      value = "self == oldSelf",
      message = "EnableGracefulRestart cannot be changed after creation")
  @JsonPropertyDescription("Enables BGP graceful restart (RFC 4724). Cannot change after creation.")
  private Boolean enableGracefulRestart;

  @JsonPropertyDescription("Allows eBGP to a peer more than one hop away.")
  private Boolean ebgpMultiHop;

  @JsonPropertyDescription("Host VRF to open the session in.")
  private String vrf;

  @Default("false")
  @JsonProperty("disableMP")
  @JsonPropertyDescription("Deprecated; has no effect.")
  private Boolean disableMP = false;

  @Default("false")
  @JsonPropertyDescription(
      "Carry both IPv4 and IPv6 prefixes on this session, whatever its address family.")
  private Boolean dualStackAddressFamily = false;

  public Long getMyASN() {
    return myASN;
  }

  public void setMyASN(Long v) {
    this.myASN = v;
  }

  public Long getPeerASN() {
    return peerASN;
  }

  public void setPeerASN(Long v) {
    this.peerASN = v;
  }

  public String getDynamicASN() {
    return dynamicASN;
  }

  public void setDynamicASN(String v) {
    this.dynamicASN = v;
  }

  public Long getLocalASN() {
    return localASN;
  }

  public void setLocalASN(Long v) {
    this.localASN = v;
  }

  public String getPeerAddress() {
    return peerAddress;
  }

  public void setPeerAddress(String v) {
    this.peerAddress = v;
  }

  @JsonProperty("interface")
  public String getInterface() {
    return iface;
  }

  @JsonProperty("interface")
  public void setInterface(String v) {
    this.iface = v;
  }

  public String getSourceAddress() {
    return sourceAddress;
  }

  public void setSourceAddress(String v) {
    this.sourceAddress = v;
  }

  public Integer getPeerPort() {
    return peerPort;
  }

  public void setPeerPort(Integer v) {
    this.peerPort = v;
  }

  public String getHoldTime() {
    return holdTime;
  }

  public void setHoldTime(String v) {
    this.holdTime = v;
  }

  public String getKeepaliveTime() {
    return keepaliveTime;
  }

  public void setKeepaliveTime(String v) {
    this.keepaliveTime = v;
  }

  public String getConnectTime() {
    return connectTime;
  }

  public void setConnectTime(String v) {
    this.connectTime = v;
  }

  public String getRouterID() {
    return routerID;
  }

  public void setRouterID(String v) {
    this.routerID = v;
  }

  public List<LabelSelector> getNodeSelectors() {
    return nodeSelectors;
  }

  public void setNodeSelectors(List<LabelSelector> v) {
    this.nodeSelectors = v;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String v) {
    this.password = v;
  }

  public SecretReference getPasswordSecret() {
    return passwordSecret;
  }

  public void setPasswordSecret(SecretReference v) {
    this.passwordSecret = v;
  }

  public String getBfdProfile() {
    return bfdProfile;
  }

  public void setBfdProfile(String v) {
    this.bfdProfile = v;
  }

  public Boolean getEnableGracefulRestart() {
    return enableGracefulRestart;
  }

  public void setEnableGracefulRestart(Boolean v) {
    this.enableGracefulRestart = v;
  }

  public Boolean getEbgpMultiHop() {
    return ebgpMultiHop;
  }

  public void setEbgpMultiHop(Boolean v) {
    this.ebgpMultiHop = v;
  }

  public String getVrf() {
    return vrf;
  }

  public void setVrf(String v) {
    this.vrf = v;
  }

  public Boolean getDisableMP() {
    return disableMP;
  }

  public void setDisableMP(Boolean v) {
    this.disableMP = v;
  }

  public Boolean getDualStackAddressFamily() {
    return dualStackAddressFamily;
  }

  public void setDualStackAddressFamily(Boolean v) {
    this.dualStackAddressFamily = v;
  }
}
