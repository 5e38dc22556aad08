package io.ironlb.core.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration} and {@code Duration.String}, for the BGPPeer fields that the API
 * carries as Go durations ({@code 90s}, {@code 1m30s}, {@code 1.5h}, {@code 500ms}).
 */
final class GoDuration {

  private static final Map<String, Long> NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L, // micro sign
          "\u03bcs", 1_000L, // Greek small letter mu
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /** Parses {@code text} as Go does; IllegalArgumentException naming the text otherwise. */
  static Duration parse(String text) {
    String s = text == null ? "" : text;
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text, "empty");
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (!number.matches("[0-9]*(\\.[0-9]*)?") || number.replace(".", "").isEmpty()) {
        throw invalid(text, "expected a number");
      }
      int unitStart = i;
      while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      Long unit = NANOS.get(s.substring(unitStart, i));
      if (unit == null) {
        throw invalid(text, unitStart == i ? "missing unit" : "unknown unit");
      }
      String n = number.endsWith(".") ? number + "0" : number;
      total =
          total.add(
              new BigDecimal(n.startsWith(".") ? "0" + n : n).multiply(BigDecimal.valueOf(unit)));
    }
    BigInteger nanos = total.toBigInteger(); // Go truncates fractions of a nanosecond
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw invalid(text, "out of range");
    }
    return Duration.ofNanos(negative ? -nanos.longValue() : nanos.longValue());
  }

  /**
   * Go's text for {@code d}: {@code 0s}, {@code 500ms}, {@code 1.5s}, {@code 1m30s}, {@code
   * 1h0m0s}.
   */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    String sign = d.isNegative() ? "-" : "";
    Duration a = d.abs();
    if (a.compareTo(Duration.ofSeconds(1)) < 0) {
      long ns = a.toNanos();
      if (ns < 1_000) {
        return sign + ns + "ns";
      }
      return ns < 1_000_000
          ? sign + decimal(ns, 1_000) + "\u00b5s"
          : sign + decimal(ns, 1_000_000) + "ms";
    }
    long hours = a.toHours();
    long minutes = a.toMinutesPart();
    String seconds = decimal(a.toSecondsPart() * 1_000_000_000L + a.toNanosPart(), 1_000_000_000L);
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + seconds + "s";
    }
    return sign + (minutes > 0 ? minutes + "m" : "") + seconds + "s";
  }

  private static String decimal(long value, long unit) {
    return BigDecimal.valueOf(value)
        .divide(BigDecimal.valueOf(unit))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "invalid duration \""
            + text
            + "\" ("
            + why
            + "): expected a Go duration such as 90s or 1m30s");
  }
}
