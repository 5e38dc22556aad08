package io.ironlb.core.alloc;

import static io.ironlb.core.alloc.Fixtures.pool;
import static io.ironlb.core.alloc.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpText;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * "The first free address in declaration order" (METALLB-API.md §3.4), checked against a plain
 * model over long seeded sequences of allocations, releases and pool resets. The allocator keeps
 * per-CIDR cursors so it need not rescan; the model rescans every time, so they must agree.
 */
class FreeAddressOrderTest {

  /** Sharing Services all use key "k" with a port of their own, so they share with each other. */
  @ParameterizedTest(name = "{0} (seed {1})")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain Services only, CIDRs out of address order | 1 | false | false",
        "with avoidBuggyIPs across /24 boundaries | 2 | true | false",
        "mixed with Services that share by key | 3 | false | true",
        "avoidBuggyIPs and sharing together | 4 | true | true",
      })
  void allocatorAgreesWithAFullRescan(
      String description, long seed, boolean avoidBuggy, boolean withSharers) {
    Fixtures.PoolBuilder b = pool("p", "10.0.2.0/26", "10.0.0.250-10.0.1.5", "10.0.3.0/30");
    AddressPool p = (avoidBuggy ? b.avoidBuggyIPs() : b).build();
    Allocator allocator = new Allocator();
    allocator.setPools(Map.of("p", p));
    BalancerConverger converger = new BalancerConverger(allocator);
    List<InetAddress> order = declarationOrder(p);
    Map<String, Boolean> sharer = new HashMap<>();
    Random random = new Random(seed);

    for (int step = 0; step < 3000; step++) {
      int op = random.nextInt(10);
      if (op < 6) {
        String name = "s" + step;
        boolean shares = withSharers && random.nextBoolean();
        String expected = expectedNext(order, allocator.allocations(), sharer, shares);
        Fixtures.SvcBuilder s = svc(name);
        if (shares) {
          s.shareKey("k").ports("TCP/" + (1000 + step));
        }
        List<String> got = converger.converge(s.build()).ingressIPs();
        assertThat(got.isEmpty() ? null : got.get(0)).as("step %d", step).isEqualTo(expected);
        sharer.put("default/" + name, shares);
      } else if (op < 9) {
        List<String> held = new ArrayList<>(allocator.allocations().keySet());
        if (!held.isEmpty()) {
          converger.release(held.get(random.nextInt(held.size())));
        }
      } else {
        allocator.setPools(Map.of("p", p)); // same pools again: cursors start over
      }
    }
  }

  private static List<InetAddress> declarationOrder(AddressPool p) {
    List<InetAddress> out = new ArrayList<>();
    for (Cidr c : p.cidrs()) {
      BigInteger last = Cidr.toBigInteger(c.last());
      for (BigInteger v = Cidr.toBigInteger(c.first());
          v.compareTo(last) <= 0;
          v = v.add(BigInteger.ONE)) {
        InetAddress ip = Cidr.toAddress(v, 32);
        int lastOctet = ip.getAddress()[3] & 0xff;
        if (!(p.avoidBuggyIPs() && (lastOctet == 0 || lastOctet == 255))) {
          out.add(ip);
        }
      }
    }
    return out;
  }

  /** The model: the first address that is free, or (for a sharer) used by sharers only. */
  private static String expectedNext(
      List<InetAddress> order,
      Map<String, List<String>> allocations,
      Map<String, Boolean> sharer,
      boolean shares) {
    Map<String, List<String>> users = new HashMap<>();
    allocations.forEach(
        (svc, ips) ->
            ips.forEach(ip -> users.computeIfAbsent(ip, k -> new ArrayList<>()).add(svc)));
    for (InetAddress ip : order) {
      List<String> u = users.getOrDefault(IpText.format(ip), List.of());
      if (u.isEmpty() || (shares && u.stream().allMatch(sharer::get))) {
        return IpText.format(ip);
      }
    }
    return null;
  }
}
