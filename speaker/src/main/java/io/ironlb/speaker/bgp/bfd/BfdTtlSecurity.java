package io.ironlb.speaker.bgp.bfd;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.RawUnixChannelOption;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The socket options behind RFC 5881 §5 (GTSM, RFC 5082) on Linux: send with TTL / hop limit 255,
 * and drop received packets below a minimum TTL in the kernel.
 *
 * <p>Java cannot read a datagram's TTL (Netty does not surface {@code IP_RECVTTL} control messages)
 * and Linux ignores {@code IP_MINTTL} on UDP sockets, so the receive check is a classic BPF socket
 * filter ({@code SO_ATTACH_FILTER}) that loads the TTL byte from the IP header:
 *
 * <pre>
 *   ldb [SKF_NET_OFF + 8]      ; IPv4 TTL (IPv6 hop limit: + 7)
 *   jge #minimumTtl, 0, 1
 *   ret #0xffffffff            ; accept
 *   ret #0                     ; drop
 * </pre>
 *
 * Only for epoll channels (the options are raw {@code setsockopt} calls); x86-64/aarch64 layout.
 */
final class BfdTtlSecurity {

  static final int SEND_TTL = 255;

  private static final int IPPROTO_IP = 0;
  private static final int IP_TTL = 2;
  private static final int IPPROTO_IPV6 = 41;
  private static final int IPV6_UNICAST_HOPS = 16;
  private static final int SOL_SOCKET = 1;
  private static final int SO_ATTACH_FILTER = 26;
  private static final int SKF_NET_OFF = -0x100000;
  private static final int SOCK_FPROG_SIZE = 16; // u16 len, 6 bytes padding, 64-bit pointer

  private BfdTtlSecurity() {}

  /** IP_TTL or IPV6_UNICAST_HOPS, to be set to {@link #SEND_TTL}. */
  static IntegerUnixChannelOption sendTtlOption(boolean ipv6) {
    return ipv6
        ? new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", IPPROTO_IPV6, IPV6_UNICAST_HOPS)
        : new IntegerUnixChannelOption("IP_TTL", IPPROTO_IP, IP_TTL);
  }

  static RawUnixChannelOption filterOption() {
    return new RawUnixChannelOption(
        "SO_ATTACH_FILTER", SOL_SOCKET, SO_ATTACH_FILTER, SOCK_FPROG_SIZE);
  }

  /**
   * The program accepting only TTL / hop limit >= {@code minimumTtl}. The returned {@link Filter}
   * holds the native memory the option points to: keep it until the option is set.
   */
  static Filter minimumTtlFilter(boolean ipv6, int minimumTtl) {
    int[][] program = {
      {0x30, 0, 0, SKF_NET_OFF + (ipv6 ? 7 : 8)}, // BPF_LD | BPF_B | BPF_ABS
      {0x35, 0, 1, minimumTtl}, // BPF_JMP | BPF_JGE | BPF_K
      {0x06, 0, 0, 0xFFFF_FFFF}, // BPF_RET | BPF_K: whole packet
      {0x06, 0, 0, 0}, // BPF_RET | BPF_K: drop
    };
    Memory instructions = new Memory(8L * program.length);
    for (int i = 0; i < program.length; i++) {
      instructions.setShort(8L * i, (short) program[i][0]); // struct sock_filter {u16 code;
      instructions.setByte(8L * i + 2, (byte) program[i][1]); // u8 jt;
      instructions.setByte(8L * i + 3, (byte) program[i][2]); // u8 jf;
      instructions.setInt(8L * i + 4, program[i][3]); // u32 k;}
    }
    ByteBuffer fprog = ByteBuffer.allocateDirect(SOCK_FPROG_SIZE).order(ByteOrder.nativeOrder());
    fprog.putShort(0, (short) program.length);
    fprog.putLong(8, Pointer.nativeValue(instructions));
    return new Filter(fprog, instructions);
  }

  /** A sock_fprog and the instructions it points to. */
  record Filter(ByteBuffer fprog, Memory instructions) {}
}
