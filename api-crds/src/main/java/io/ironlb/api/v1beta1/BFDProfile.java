package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * BFD session settings a BGPPeer can refer to ({@code metallb.io/v1beta1 BFDProfile}), for fast
 * detection of a dead peer.
 */
@Group("metallb.io")
@Version("v1beta1")
@Kind("BFDProfile")
@Plural("bfdprofiles")
@AdditionalPrinterColumn(
    name = "Passive Mode",
    jsonPath = ".spec.passiveMode",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Transmit Interval",
    jsonPath = ".spec.transmitInterval",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Receive Interval",
    jsonPath = ".spec.receiveInterval",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Multiplier",
    jsonPath = ".spec.detectMultiplier",
    type = AdditionalPrinterColumn.Type.INTEGER)
public class BFDProfile extends CustomResource<BFDProfileSpec, EmptyStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription(
      "BFD timers and modes; a BGPPeer uses them by naming this profile in bfdProfile.")
  public BFDProfileSpec getSpec() {
    return super.getSpec();
  }
}
