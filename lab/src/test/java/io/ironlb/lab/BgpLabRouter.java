package io.ironlb.lab;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lab's router daemons as {@link BgpLabIT} reads them, each through its own CLI in the router
 * namespace ({@code bin/lab router CMD...}): which sessions are Established, which next hops the
 * RIB holds for a prefix, the RIB entry's text (for the communities), which BFD sessions are up.
 */
enum BgpLabRouter {
  FRR("frr", true, "Community: 64513:100", "Large Community: 64513:1:2") {
    @Override
    Set<String> established(LabShell lab) {
      return BgpLabIT.matches(FRR_ESTABLISHED, cli(lab, "vtysh", "-c", "show bgp neighbors"));
    }

    @Override
    String ribEntry(LabShell lab, String prefix) {
      return cli(lab, "vtysh", "-c", "show bgp " + afi(prefix) + " unicast " + prefix);
    }

    @Override
    Set<String> ribNextHops(LabShell lab, String prefix) {
      return BgpLabIT.matches(FRR_FROM, ribEntry(lab, prefix));
    }

    @Override
    Set<String> bfdUp(LabShell lab) {
      return BgpLabIT.matches(FRR_BFD_UP, cli(lab, "vtysh", "-c", "show bfd peers brief"));
    }
  },

  BIRD("bird", true, "BGP.community: (64513,100)", "BGP.large_community: (64513, 1, 2)") {
    @Override
    Set<String> established(LabShell lab) {
      return BgpLabIT.matches(BIRD_ESTABLISHED, cli(lab, "birdc", "show", "protocols", "all"));
    }

    @Override
    String ribEntry(LabShell lab, String prefix) {
      // birdc exits 1 for a prefix it has no route to
      LabShell.Result r =
          lab.lab(Duration.ofSeconds(30), null, "router", "birdc", "show", "route", "all", prefix);
      if (r.exit() != 0 && r.output().contains("Network not found")) {
        return r.output();
      }
      return r.ok().output();
    }

    @Override
    Set<String> ribNextHops(LabShell lab, String prefix) {
      return BgpLabIT.matches(BIRD_VIA, ribEntry(lab, prefix));
    }

    @Override
    Set<String> bfdUp(LabShell lab) {
      return BgpLabIT.matches(BIRD_BFD_UP, cli(lab, "birdc", "show", "bfd", "sessions"));
    }
  },

  GOBGP("gobgp", false, "Communities: 64513:100", "LargeCommunity: [ 64513:1:2]") {
    @Override
    Set<String> established(LabShell lab) {
      return BgpLabIT.matches(GOBGP_ESTABLISHED, cli(lab, "gobgp", "neighbor"));
    }

    @Override
    String ribEntry(LabShell lab, String prefix) {
      return cli(lab, "gobgp", "global", "rib", "-a", afi(prefix), prefix);
    }

    @Override
    Set<String> ribNextHops(LabShell lab, String prefix) {
      return BgpLabIT.matches(
          GOBGP_NEXT_HOP, cli(lab, "gobgp", "global", "rib", "-a", afi(prefix), prefix, "-j"));
    }

    @Override
    Set<String> bfdUp(LabShell lab) {
      throw new UnsupportedOperationException("gobgpd has no BFD");
    }
  };

  private static final Pattern FRR_ESTABLISHED =
      Pattern.compile(
          "BGP neighbor is ([^,]+),(?:(?!BGP neighbor is).)*?BGP state = Established",
          Pattern.DOTALL);
  private static final Pattern FRR_FROM = Pattern.compile("(?m)^\\s+(\\S+) from \\S+ \\(");
  private static final Pattern FRR_BFD_UP =
      Pattern.compile("(?m)^\\S+\\s+\\S+\\s+(\\S+)\\s+up\\s*$");
  private static final Pattern BIRD_ESTABLISHED =
      Pattern.compile("BGP state:\\s+Established\\s+Neighbor address:\\s+(\\S+)");
  private static final Pattern BIRD_VIA = Pattern.compile("via (\\S+) on");
  private static final Pattern BIRD_BFD_UP = Pattern.compile("(?m)^(\\S+)\\s+\\S+\\s+Up\\s");
  private static final Pattern GOBGP_ESTABLISHED =
      Pattern.compile("(?m)^(\\S+)\\s+\\d+\\s+\\S+\\s+Establ");
  private static final Pattern GOBGP_NEXT_HOP = Pattern.compile("\"nexthop\":\"([^\"]+)\"");

  private final String kind;
  private final boolean speaksBfd;
  private final String community;
  private final String largeCommunity;

  BgpLabRouter(String kind, boolean speaksBfd, String community, String largeCommunity) {
    this.kind = kind;
    this.speaksBfd = speaksBfd;
    this.community = community;
    this.largeCommunity = largeCommunity;
  }

  /** The peer addresses whose session is Established. */
  abstract Set<String> established(LabShell lab);

  /** The router's RIB entry for {@code prefix}, as its CLI prints it. */
  abstract String ribEntry(LabShell lab, String prefix);

  /** The next hops of every path the RIB holds for {@code prefix} (empty when none). */
  abstract Set<String> ribNextHops(LabShell lab, String prefix);

  /** The peer addresses whose BFD session is up. */
  abstract Set<String> bfdUp(LabShell lab);

  /** {@code IRONLB_LAB_ROUTER}'s value. */
  String kind() {
    return kind;
  }

  boolean speaksBfd() {
    return speaksBfd;
  }

  /** How the RIB entry shows the sample advertisement's community 64513:100. */
  String community() {
    return community;
  }

  /** How the RIB entry shows the sample advertisement's large community 64513:1:2. */
  String largeCommunity() {
    return largeCommunity;
  }

  private static String afi(String prefix) {
    return prefix.contains(":") ? "ipv6" : "ipv4";
  }

  private static String cli(LabShell lab, String... cmd) {
    String[] args = new String[cmd.length + 1];
    args[0] = "router";
    System.arraycopy(cmd, 0, args, 1, cmd.length);
    return lab.lab(Duration.ofSeconds(30), null, args).ok().output();
  }
}
