package io.ironlb.api.v1beta1;

/**
 * Schema patterns for address fields. Deliberately permissive: they reject what is plainly not an
 * address (letters, missing prefix length) so {@code kubectl apply} fails early, and leave exact
 * validation (octet ranges, start after end, overlaps) to the controller, which names the object
 * and field in its report.
 */
public final class Patterns {

  /** An IPv4 or IPv6 literal. */
  public static final String IP = "^([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$";

  /** A CIDR (address/length) or a range (address - address, spaces allowed around the dash). */
  public static final String CIDR_OR_RANGE =
      "^(([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)/[0-9]{1,3}"
          + "|([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*) *- *"
          + "([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*))$";

  private Patterns() {}
}
