package io.topdeck.monitoring.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is written to {@code System.out} and {@code System.err} while still passing it
 * through. The kit's SLF4J binding, slf4j-simple, writes each line to the {@code System.err} of the
 * moment, so this sees every log line at the level configured in the kit's {@code
 * simplelogger.properties}.
 */
final class OutputCapture implements AutoCloseable {

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;

  OutputCapture() {
    System.setOut(new PrintStream(new Tee(originalOut, buffer), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr, buffer), true, StandardCharsets.UTF_8));
  }

  /** Returns everything captured so far. */
  String text() {
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  /** Writes to both streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final ByteArrayOutputStream second;

    Tee(OutputStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
      first.write(bytes, offset, length);
      synchronized (second) {
        second.write(bytes, offset, length);
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
    }
  }
}
