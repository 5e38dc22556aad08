package io.ironlb.api.v1beta1;

/**
 * Schema patterns for address and duration fields. Deliberately permissive: every value MetalLB
 * accepts passes (it parses with Go's {@code net.ParseIP}, {@code net.ParseCIDR} and {@code
 * time.ParseDuration}), while what is plainly not an address or a duration (a word, a missing
 * prefix length, a duration without unit) is refused by {@code kubectl apply}. Exact validation
 * (octet ranges, start after end, overlaps) is the controller's, which names object and field.
 */
public final class Patterns {

  /** An IPv4 literal, or anything made of hex digits, colons and dots with a colon (IPv6). */
  private static final String ADDRESS =
      "([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)";

  /**
   * An IP literal or the empty string: MetalLB's optional address fields are plain strings with
   * {@code omitempty}, so {@code ""} means unset.
   */
  public static final String IP_OR_EMPTY = "^(" + ADDRESS + ")?$";

  /**
   * A CIDR (address/length) or a range (address-address). MetalLB trims white space around both
   * ends of a range ({@code strings.TrimSpace} in {@code config.ParseCIDR}) but not around a CIDR.
   */
  public static final String CIDR_OR_RANGE =
      "^(" + ADDRESS + "/[0-9]{1,3}|\\s*" + ADDRESS + "\\s*-\\s*" + ADDRESS + "\\s*)$";

  /**
   * A Go duration as {@code time.ParseDuration} reads it: {@code 90s}, {@code 1m30s}, {@code 1.5h},
   * {@code 500ms}, a bare {@code 0}; both micro signs are accepted for {@code µs}.
   */
  public static final String GO_DURATION =
      "^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$";

  private Patterns() {}
}
