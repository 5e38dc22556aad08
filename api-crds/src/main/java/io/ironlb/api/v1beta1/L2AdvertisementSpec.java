package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** {@code L2Advertisement.spec}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class L2AdvertisementSpec extends AdvertisementSelection {

  @JsonPropertyDescription(
      "Interfaces to announce from; empty: every interface not excluded. Does not influence which"
          + " node is elected.")
  private List<String> interfaces;

  @JsonPropertyDescription(
      "Soft preferences for the elected node: the weights of matching selectors add up per node,"
          + " and the node with the highest score among eligible ones wins.")
  private List<PreferredNodeSelector> preferredNodeSelectors;

  public List<String> getInterfaces() {
    return interfaces;
  }

  public void setInterfaces(List<String> interfaces) {
    this.interfaces = interfaces;
  }

  public List<PreferredNodeSelector> getPreferredNodeSelectors() {
    return preferredNodeSelectors;
  }

  public void setPreferredNodeSelectors(List<PreferredNodeSelector> preferredNodeSelectors) {
    this.preferredNodeSelectors = preferredNodeSelectors;
  }

  /** One weighted node preference. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PreferredNodeSelector {
    @Required
    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Weight added to a node that matches, 1..100.")
    private Integer weight;

    @Required
    @JsonPropertyDescription("Nodes that earn the weight; an empty selector matches every node.")
    private LabelSelector preference;

    public Integer getWeight() {
      return weight;
    }

    public void setWeight(Integer weight) {
      this.weight = weight;
    }

    public LabelSelector getPreference() {
      return preference;
    }

    public void setPreference(LabelSelector preference) {
      this.preference = preference;
    }
  }
}
