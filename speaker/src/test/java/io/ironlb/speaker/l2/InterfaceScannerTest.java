package io.ironlb.speaker.l2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterfaceScannerTest {

  private static final Inet6Address LL = TestFrames.v6("fe80::1");

  @TempDir Path sys;

  private void iface(String name, String operstate, String flags, String address)
      throws IOException {
    Path dir = Files.createDirectories(sys.resolve(name));
    Files.writeString(dir.resolve("operstate"), operstate + "\n");
    Files.writeString(dir.resolve("flags"), flags + "\n");
    Files.writeString(dir.resolve("address"), address + "\n");
    Files.writeString(dir.resolve("ifindex"), (name.hashCode() & 0xFF) + "\n");
  }

  private List<String> scanNames(Map<String, Inet6Address> linkLocals) throws IOException {
    InterfaceScanner scanner =
        new InterfaceScanner(
            sys, InterfaceScanner.defaultExcludes(), n -> Optional.ofNullable(linkLocals.get(n)));
    return scanner.scan().stream().map(InterfaceInfo::name).toList();
  }

  @Test
  void keepsUpUnenslavedArpInterfacesAndSkipsTheRest() throws IOException {
    iface("eth0", "up", "0x1003", "02:00:00:00:00:01");
    iface("eth1", "down", "0x1002", "02:00:00:00:00:02");
    iface("bond0", "up", "0x1403", "02:00:00:00:00:03");
    iface("eth2", "up", "0x1803", "02:00:00:00:00:03");
    Files.createSymbolicLink(sys.resolve("eth2").resolve("master"), sys.resolve("bond0"));
    iface("wg0", "unknown", "0x90", "00:00:00:00:00:00"); // NOARP, not up
    iface("tun0", "unknown", "0x10d1", "00:00:00:00:00:00"); // up but NOARP
    iface("ens5", "unknown", "0x1003", "02:00:00:00:00:05"); // unknown + IFF_UP counts as up
    iface("ens6", "unknown", "0x1002", "02:00:00:00:00:06"); // unknown without IFF_UP
    iface("ipip0", "unknown", "0x1001", "00:00:00:00"); // not a 6-byte MAC
    iface("lo", "unknown", "0x9", "00:00:00:00:00:00");
    iface("docker0", "up", "0x1003", "02:00:00:00:00:07");
    iface("veth1234", "up", "0x1003", "02:00:00:00:00:08");

    assertThat(scanNames(Map.of())).containsExactly("bond0", "ens5", "eth0");
  }

  @Test
  void reportsMacIndexCapabilitiesAndLinkLocal() throws IOException {
    iface("eth0", "up", "0x1003", "02:AB:00:00:00:01");
    iface("ptp0", "up", "0x1011", "02:00:00:00:00:02"); // no IFF_BROADCAST

    List<InterfaceInfo> found =
        new InterfaceScanner(
                sys, List.of(), n -> n.equals("eth0") ? Optional.of(LL) : Optional.empty())
            .scan();

    InterfaceInfo eth0 = found.get(0);
    assertThat(eth0.macAddress().toString()).isEqualTo("02:ab:00:00:00:01");
    assertThat(eth0.index()).isEqualTo("eth0".hashCode() & 0xFF);
    assertThat(eth0.arpCapable()).isTrue();
    assertThat(eth0.ndpCapable()).isTrue();
    assertThat(eth0.linkLocal()).contains(LL);
    InterfaceInfo ptp = found.get(1);
    assertThat(ptp.arpCapable()).isFalse();
    assertThat(ptp.ndpCapable()).isFalse();
  }

  @Test
  void interfaceWithMissingAttributesIsSkipped() throws IOException {
    iface("eth0", "up", "0x1003", "02:00:00:00:00:01");
    Files.createDirectories(sys.resolve("eth9")); // vanished half-way

    assertThat(scanNames(Map.of())).containsExactly("eth0");
  }

  @Test
  void customExcludesReplaceTheDefaults() throws IOException {
    iface("eth0", "up", "0x1003", "02:00:00:00:00:01");
    iface("docker0", "up", "0x1003", "02:00:00:00:00:02");

    List<InterfaceInfo> found =
        new InterfaceScanner(sys, List.of(Pattern.compile("^eth")), n -> Optional.empty()).scan();

    assertThat(found).extracting(InterfaceInfo::name).containsExactly("docker0");
  }

  @Test
  void defaultExcludesAreMetallbsList() {
    assertThat(InterfaceScanner.defaultExcludes())
        .extracting(Pattern::pattern)
        .containsExactly(
            "^docker.*",
            "^cbr.*",
            "^dummy.*",
            "^virbr.*",
            "^lxcbr.*",
            "^veth.*",
            "^lo$",
            "^cali.*",
            "^tunl.*",
            "^flannel.*",
            "^kube-ipvs.*",
            "^cni.*",
            "^nodelocaldns.*",
            "^lxc.*");
  }
}
