package dev.solid.gateway;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The log records of one logger (and its children) while a test runs, each as one line: level,
 * logger, message with its parameters, and the exception with its stack trace. Close it to stop.
 */
final class CapturedLogs extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private CapturedLogs(String category) {
    this.logger = Logger.getLogger(category);
    logger.addHandler(this);
  }

  /** Everything logged at INFO or above, from any logger. */
  static CapturedLogs all() {
    return new CapturedLogs("");
  }

  static CapturedLogs of(String category) {
    return new CapturedLogs(category);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines at ERROR (SEVERE) level. */
  List<String> errors() {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(CapturedLogs::line)
        .toList();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
    lines.add(line(record));
  }

  private static String line(LogRecord record) {
    String message =
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    StringBuilder line =
        new StringBuilder(record.getLevel() + " " + record.getLoggerName() + " " + message);
    if (record.getThrown() != null) {
      StringWriter stack = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(stack));
      line.append(' ').append(stack);
    }
    return line.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
