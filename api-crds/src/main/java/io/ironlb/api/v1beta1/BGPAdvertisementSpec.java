package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * {@code BGPAdvertisement.spec}. Defaulted fields start at their schema default, as the API server
 * stores them. The CEL rule is MetalLB's: per-Service selection cannot be combined with
 * aggregation, since an aggregated route carries the IPs of other Services too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.serviceSelectors) || size(self.serviceSelectors) == 0 ||"
            + " ((!has(self.aggregationLength) || self.aggregationLength == 32) &&"
            + " (!has(self.aggregationLengthV6) || self.aggregationLengthV6 == 128))",
    message = "serviceSelectors can be used only with the default aggregation lengths (32 and 128)")
public class BGPAdvertisementSpec extends AdvertisementSelection {

  @Min(1)
  @Max(32)
  @Default("32")
  @JsonPropertyDescription(
      "Prefix length announced for IPv4 addresses: 32 announces each IP; shorter lengths"
          + " aggregate IPs of the pool into one route. Default 32.")
  private Integer aggregationLength = 32;

  @Min(1)
  @Max(128)
  @Default("128")
  @JsonPropertyDescription("Prefix length announced for IPv6 addresses. Default 128.")
  private Integer aggregationLengthV6 = 128;

  @Min(0)
  @Max(4294967295L)
  @JsonPropertyDescription("BGP LOCAL_PREF sent to iBGP peers; 0 or unset: not sent.")
  private Long localPref;

  @JsonPropertyDescription(
      "BGP communities attached: A:B (16-bit each), large:A:B:C (32-bit each), or the name of a"
          + " Community alias.")
  private List<String> communities;

  @JsonPropertyDescription("BGPPeer names to announce to; empty: every peer.")
  private List<String> peers;

  public Integer getAggregationLength() {
    return aggregationLength;
  }

  public void setAggregationLength(Integer aggregationLength) {
    this.aggregationLength = aggregationLength;
  }

  public Integer getAggregationLengthV6() {
    return aggregationLengthV6;
  }

  public void setAggregationLengthV6(Integer aggregationLengthV6) {
    this.aggregationLengthV6 = aggregationLengthV6;
  }

  public Long getLocalPref() {
    return localPref;
  }

  public void setLocalPref(Long localPref) {
    this.localPref = localPref;
  }

  public List<String> getCommunities() {
    return communities;
  }

  public void setCommunities(List<String> communities) {
    this.communities = communities;
  }

  public List<String> getPeers() {
    return peers;
  }

  public void setPeers(List<String> peers) {
    this.peers = peers;
  }
}
