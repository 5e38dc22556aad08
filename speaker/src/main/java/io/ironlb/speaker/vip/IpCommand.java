package io.ironlb.speaker.vip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs iproute2's {@code ip} with a deadline; a failure carries the command and its stderr. */
final class IpCommand {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEADLINE_SECONDS = 5;

  private final List<String> prefix;

  /** {@code ip} and the arguments every call starts with (e.g. {@code -n NETNS}). */
  IpCommand(List<String> prefix) {
    this.prefix = List.copyOf(prefix);
  }

  void run(List<String> args) throws IOException {
    output(args);
  }

  /** {@code ip -j ARGS}, parsed. */
  JsonNode json(List<String> args) throws IOException {
    List<String> withJson = new ArrayList<>();
    withJson.add("-j");
    withJson.addAll(args);
    String out = output(withJson).trim();
    return JSON.readTree(out.isEmpty() ? "[]" : out);
  }

  private String output(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).start();
    try {
      if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": no answer in " + DEADLINE_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(String.join(" ", cmd) + ": interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      throw new IOException(String.join(" ", cmd) + ": " + err);
    }
    return out;
  }
}
