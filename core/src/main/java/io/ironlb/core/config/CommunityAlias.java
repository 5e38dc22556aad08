package io.ironlb.core.config;

import java.util.Objects;

/**
 * A named community from a {@code Community} object, which BGPAdvertisements may use by name.
 *
 * @param name the alias ({@code spec.communities[].name}), unique across all Community objects
 * @param value its community value
 * @param definedBy the name of the Community object that defines it
 */
public record CommunityAlias(String name, BgpCommunity value, String definedBy) {

  public CommunityAlias {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(definedBy, "definedBy");
  }
}
