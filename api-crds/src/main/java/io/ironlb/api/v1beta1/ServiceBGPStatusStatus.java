package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** {@code ServiceBGPStatus.status}. */
public class ServiceBGPStatusStatus extends ServiceStatusBase {

  @JsonPropertyDescription("Names of the BGPPeers the Service is advertised to from this node.")
  private List<String> peers;

  public List<String> getPeers() {
    return peers;
  }

  public void setPeers(List<String> peers) {
    this.peers = peers;
  }
}
