package io.ironlb.lab.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One long-running vtysh reading commands from a pipe, for measurements: a JSON answer takes ~2-5
 * ms instead of the ~40 ms of starting vtysh per command, so polling FRR's RIB resolves times to a
 * few milliseconds. Only for commands that answer one JSON object.
 */
final class VtyshPoller implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process vtysh;
  private final Writer in;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final Thread reader;

  VtyshPoller(FrrDaemon frr) {
    try {
      vtysh =
          new ProcessBuilder(
                  List.of(
                      "ip",
                      "netns",
                      "exec",
                      frr.namespace().name(),
                      LabPreconditions.VTYSH,
                      "--vty_socket",
                      frr.dir().toString()))
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    in = new java.io.OutputStreamWriter(vtysh.getOutputStream(), StandardCharsets.UTF_8);
    reader = new Thread(this::readObjects, "vtysh-poller");
    reader.setDaemon(true);
    reader.start();
  }

  /** Sends {@code command} and returns its JSON answer (fails after 10 s). */
  JsonNode query(String command) {
    try {
      in.write(command + "\n");
      in.flush();
      String answer = answers.poll(10, TimeUnit.SECONDS);
      if (answer == null) {
        throw new AssertionError("vtysh did not answer " + command);
      }
      return JSON.readTree(answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Splits vtysh's output into top-level JSON objects (braces outside strings). */
  private void readObjects() {
    try (Reader r = new InputStreamReader(vtysh.getInputStream(), StandardCharsets.UTF_8)) {
      StringBuilder current = new StringBuilder();
      int depth = 0;
      boolean inString = false;
      boolean escaped = false;
      int c;
      while ((c = r.read()) >= 0) {
        char ch = (char) c;
        if (depth == 0 && ch != '{') {
          continue; // banner, prompt, echoed command
        }
        current.append(ch);
        if (inString) {
          if (escaped) {
            escaped = false;
          } else if (ch == '\\') {
            escaped = true;
          } else if (ch == '"') {
            inString = false;
          }
        } else if (ch == '"') {
          inString = true;
        } else if (ch == '{') {
          depth++;
        } else if (ch == '}' && --depth == 0) {
          answers.add(current.toString());
          current.setLength(0);
        }
      }
    } catch (IOException e) {
      // vtysh ended: query() times out with a message
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // already gone
    }
    vtysh.destroy();
    try {
      if (!vtysh.waitFor(5, TimeUnit.SECONDS)) {
        vtysh.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
