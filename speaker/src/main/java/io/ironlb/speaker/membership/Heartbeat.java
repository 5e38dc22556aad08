package io.ironlb.speaker.membership;

import java.util.Objects;

/**
 * One heartbeat from a speaker.
 *
 * @param node the sender's node name, a DNS-1123 subdomain (at most 253 bytes)
 * @param bootId random per process start; a new value means the speaker restarted
 * @param sequence increases with every heartbeat of one boot, not negative
 * @param leaving true when the sender shuts down gracefully
 */
public record Heartbeat(String node, long bootId, long sequence, boolean leaving) {

  static final int MAX_NAME_LENGTH = 253;

  public Heartbeat {
    Objects.requireNonNull(node, "node");
    if (!isValidNodeName(node)) {
      throw new IllegalArgumentException("not a DNS-1123 subdomain: " + node);
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative: " + sequence);
    }
  }

  /**
   * Kubernetes node names are DNS-1123 subdomains: 1..253 of {@code [a-z0-9.-]}, dot-separated
   * labels that start and end with an alphanumeric character. Linear, no regex backtracking.
   */
  static boolean isValidNodeName(CharSequence name) {
    int length = name.length();
    if (length == 0 || length > MAX_NAME_LENGTH) {
      return false;
    }
    char previous = '.';
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && c != '-' && c != '.') {
        return false;
      }
      // a label starts after a dot and ends before one: both neighbours of a dot are alnum
      if (c == '.' && !isAlnum(previous)) {
        return false;
      }
      if (previous == '.' && !alnum) {
        return false;
      }
      previous = c;
    }
    return isAlnum(previous);
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
