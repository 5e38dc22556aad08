package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** {@code Community.spec}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CommunitySpec {

  @JsonPropertyDescription("The aliases; names must be unique across all Community objects.")
  private List<CommunityAlias> communities;

  public List<CommunityAlias> getCommunities() {
    return communities;
  }

  public void setCommunities(List<CommunityAlias> communities) {
    this.communities = communities;
  }

  /** One alias. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CommunityAlias {
    @Required
    @JsonPropertyDescription("The alias, as BGPAdvertisement.spec.communities refers to it.")
    private String name;

    @Required
    @Pattern("^([0-9]+:[0-9]+|large:[0-9]+:[0-9]+:[0-9]+)$")
    @JsonPropertyDescription("A:B (16-bit each) or large:A:B:C (32-bit each).")
    private String value;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getValue() {
      return value;
    }

    public void setValue(String value) {
      this.value = value;
    }
  }
}
