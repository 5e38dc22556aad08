package io.ironlb.core.ip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address text, parsed and printed exactly as Go's {@code net} package does, because MetalLB
 * speakers hash the textual IP in their layer-2 election and IronLB must elect the same node.
 *
 * <p>Parsing accepts literals only (never a DNS lookup): dotted-quad IPv4 without leading zeros,
 * and IPv6 in any RFC 4291 §2.2 form, including a trailing dotted IPv4 part. Printing is Go's
 * {@code net.IP.String()}: dotted quad for IPv4 (and IPv4-mapped IPv6), RFC 5952 for IPv6
 * (lowercase, no leading zeros, the first longest run of two or more zero groups as {@code ::}).
 */
public final class IpText {

  private IpText() {}

  /**
   * Parses an IP literal; IllegalArgumentException naming the text when it is not one. An
   * IPv4-mapped IPv6 literal ({@code ::ffff:192.0.2.1}) comes back as the IPv4 address, which is
   * how Go's {@code To4()} and MetalLB's family checks see it.
   */
  public static InetAddress parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("invalid IP address \"\": empty");
    }
    byte[] bytes = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    if (bytes == null) {
      throw new IllegalArgumentException("invalid IP address \"" + text + "\"");
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  /** Go's {@code net.IP.String()} of {@code address}. */
  public static String format(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return dotted(b, 0);
    }
    if (isIpv4Mapped(address)) {
      return dotted(b, 12); // Go prints ::ffff:a.b.c.d as a.b.c.d (its To4() succeeds)
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) { // RFC 5952 §4.2.2: a single zero group is not shortened
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  /**
   * Whether {@code address} is an IPv6 address of the form {@code ::ffff:a.b.c.d}. Java folds such
   * literals into IPv4 when parsing, but address arithmetic on an IPv6 prefix can produce one; Go
   * treats them as IPv4.
   */
  public static boolean isIpv4Mapped(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private static String dotted(byte[] b, int at) {
    return (b[at] & 0xff)
        + "."
        + (b[at + 1] & 0xff)
        + "."
        + (b[at + 2] & 0xff)
        + "."
        + (b[at + 3] & 0xff);
  }

  private static byte[] parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      int v = decimalOctet(parts[i]);
      if (v < 0) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /** 0..255 without leading zeros (Go rejects "01" since 1.17, to avoid octal ambiguity). */
  private static int decimalOctet(String p) {
    if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= 255 ? v : -1;
  }

  /** ASCII hex only: {@link Character#digit} would also accept other scripts' digits. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static byte[] parseV6(String s) {
    int[] groups = new int[8];
    int n = 0;
    int ellipsis = -1;
    int i = 0;
    if (s.startsWith("::")) {
      ellipsis = 0;
      i = 2;
      if (i == s.length()) {
        return new byte[16];
      }
    } else if (s.startsWith(":")) {
      return null;
    }
    while (i < s.length()) {
      int end = i;
      while (end < s.length() && s.charAt(end) != ':') {
        end++;
      }
      String part = s.substring(i, end);
      if (part.indexOf('.') >= 0) {
        // an embedded IPv4 part must be last (RFC 4291 §2.2 form 3)
        byte[] v4 = end == s.length() && n <= 6 ? parseV4(part) : null;
        if (v4 == null) {
          return null;
        }
        groups[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        groups[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        i = end;
        break;
      }
      if (part.isEmpty() || part.length() > 4 || n >= 8) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < part.length(); k++) {
        int d = hexDigit(part.charAt(k));
        if (d < 0) {
          return null;
        }
        v = (v << 4) | d;
      }
      groups[n++] = v;
      if (end == s.length()) {
        i = end;
        break;
      }
      // at a ':'; "::" marks the ellipsis (only once), a trailing single ':' is invalid
      if (end + 1 < s.length() && s.charAt(end + 1) == ':') {
        if (ellipsis >= 0) {
          return null;
        }
        ellipsis = n;
        i = end + 2;
      } else if (end + 1 == s.length()) {
        return null;
      } else {
        i = end + 1;
      }
    }
    if (ellipsis < 0 && n != 8) {
      return null;
    }
    if (ellipsis >= 0) {
      if (n == 8) {
        return null; // "::" must stand for at least one group
      }
      int shift = 8 - n;
      for (int k = n - 1; k >= ellipsis; k--) {
        groups[k + shift] = groups[k];
      }
      for (int k = ellipsis; k < ellipsis + shift; k++) {
        groups[k] = 0;
      }
    }
    byte[] out = new byte[16];
    for (int k = 0; k < 8; k++) {
      out[2 * k] = (byte) (groups[k] >> 8);
      out[2 * k + 1] = (byte) groups[k];
    }
    return out;
  }
}
