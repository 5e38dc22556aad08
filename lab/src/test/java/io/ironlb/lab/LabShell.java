package io.ironlb.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the lab's commands ({@code bin/lab}, {@code bin/lab-drill}) for the end-to-end tests, each
 * bounded in time, against one state directory.
 */
final class LabShell {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern SERVED_BY = Pattern.compile("hello from (node\\d+)");

  private final Path state;
  private final Map<String, String> extraEnv;

  LabShell(Path state) {
    this(state, Map.of());
  }

  /** A shell whose commands also get {@code extraEnv} (e.g. {@code APISERVER=real}). */
  LabShell(Path state, Map<String, String> extraEnv) {
    this.state = state;
    this.extraEnv = Map.copyOf(extraEnv);
  }

  /** The result of a command: exit code and merged output. */
  record Result(int exit, String output) {
    Result ok() {
      if (exit != 0) {
        throw new AssertionError("exit " + exit + ":\n" + output);
      }
      return this;
    }
  }

  /** Runs {@code bin/lab ARGS}, with {@code stdin} when not null. */
  Result lab(Duration limit, String stdin, String... args) {
    List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/lab").toString()));
    cmd.addAll(List.of(args));
    return run(cmd, limit, stdin);
  }

  /** {@code bin/lab kubectl ARGS}. */
  Result kubectl(String... args) {
    return lab(Duration.ofSeconds(60), null, prepend("kubectl", args));
  }

  /** {@code bin/lab kubectl apply -f -} with {@code yaml} on stdin. */
  Result apply(String yaml) {
    return lab(Duration.ofSeconds(60), yaml, "kubectl", "apply", "-f", "-");
  }

  /** {@code bin/lab exec HOST CMD...}. */
  Result exec(String host, String... cmd) {
    return lab(Duration.ofSeconds(60), null, prepend("exec", prepend(host, cmd)));
  }

  /** The ingress IPs of Service {@code default/svc}, space-separated in status order. */
  String ingressIps(String svc) {
    return serviceField(svc, "{.status.loadBalancer.ingress[*].ip}");
  }

  /** The {@code index}-th ingress IP of Service {@code default/svc}; fails when there is none. */
  String ingressIp(String svc, int index) {
    String ips = ingressIps(svc);
    String[] parts = ips.trim().split("\\s+");
    if (parts.length <= index || parts[index].isEmpty()) {
      throw new AssertionError("ingress IPs of " + svc + ": \"" + ips + "\", no index " + index);
    }
    return parts[index];
  }

  /** The {@code ipMode} of Service {@code default/svc}'s first ingress entry (empty if none). */
  String ipMode(String svc) {
    return serviceField(svc, "{.status.loadBalancer.ingress[0].ipMode}").trim();
  }

  /** A jsonpath of Service {@code default/svc}, as kubectl prints it. */
  private String serviceField(String svc, String jsonpath) {
    return kubectl("get", "svc", svc, "-n", "default", "-o", "jsonpath=" + jsonpath).output();
  }

  /**
   * The node whose NodePort backend gave {@code answer} (the lab's backends, plain, UDP or PROXY
   * protocol, all answer {@code hello from NODE ...}); fails when the answer names none.
   */
  static String servedBy(String answer) {
    Matcher m = SERVED_BY.matcher(answer);
    if (!m.find()) {
      throw new AssertionError("not an answer of a lab backend: " + answer);
    }
    return m.group(1);
  }

  Result run(List<String> cmd, Duration limit, String stdin) {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(REPO.toFile());
    Map<String, String> env = pb.environment();
    env.put("IRONLB_LAB_STATE", state.toString());
    env.putAll(extraEnv);
    try {
      Process p = pb.start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      StringBuilder out = new StringBuilder();
      Thread reader =
          new Thread(
              () -> {
                try {
                  out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                  out.append("(reading the output failed: ").append(e).append(')');
                }
              });
      reader.start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        reader.join(5_000);
        throw new AssertionError(cmd + " did not finish in " + limit + ":\n" + out);
      }
      reader.join(10_000);
      return new Result(p.exitValue(), out.toString());
    } catch (IOException e) {
      throw new AssertionError("could not run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + cmd, e);
    }
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
