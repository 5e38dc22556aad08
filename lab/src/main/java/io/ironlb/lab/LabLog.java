package io.ironlb.lab;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Sends everything a lab process logs to one file: standard output and error (where slf4j-simple
 * writes) and java.util.logging (where the mock web server and Vert.x write), one line per record.
 */
final class LabLog {

  private LabLog() {}

  /** Appends all logging of this JVM to {@code file} from now on. */
  static void toFile(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    PrintStream out =
        new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);
    System.setOut(out);
    System.setErr(out);
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      // the console handler holds the original stderr, captured when it was made
      root.removeHandler(h);
    }
    StreamHandler handler =
        new StreamHandler(out, new OneLine()) {
          @Override
          public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
          }
        };
    root.addHandler(handler);
  }

  /** {@code 2026-01-01T00:00:00Z INFO logger: message}, then the stack trace if any. */
  private static final class OneLine extends Formatter {
    @Override
    public String format(LogRecord r) {
      StringBuilder b =
          new StringBuilder()
              .append(Instant.ofEpochMilli(r.getMillis()))
              .append(' ')
              .append(r.getLevel())
              .append(' ')
              .append(r.getLoggerName())
              .append(": ")
              .append(formatMessage(r))
              .append(System.lineSeparator());
      if (r.getThrown() != null) {
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        b.append(trace);
      }
      return b.toString();
    }
  }
}
