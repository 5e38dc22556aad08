package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Named BGP community values that BGPAdvertisements can use by name ({@code metallb.io/v1beta1
 * Community}).
 */
@Group("metallb.io")
@Version("v1beta1")
@Kind("Community")
@Plural("communities")
public class Community extends CustomResource<CommunitySpec, EmptyStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription(
      "Community aliases that BGPAdvertisement.spec.communities can use by name.")
  public CommunitySpec getSpec() {
    return super.getSpec();
  }
}
