package io.topdeck.monitoring.api.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Holds back what each test, and each test class outside its tests, writes to {@code System.err},
 * and prints it only when that test or class fails. Many tests feed bad input on purpose, and the
 * library logs a warning (with a stack trace) for each; printed, they buried the build's output
 * under hundreds of lines that say nothing is wrong. A failure still shows everything it wrote,
 * under a line naming it, on the console and in the Surefire report.
 *
 * <p>Registered through {@code META-INF/services} in this module's test jar, which every module
 * with tests puts on its test class path; {@code -Dtopdeck.test.stderr=show} turns it off. Only
 * {@code System.err} is held: slf4j-simple, the binding on the test class paths, writes to the
 * {@code System.err} of the moment, and output that tests print on purpose (the contract kit's
 * table of checks) goes to {@code System.out}. Production logging is untouched: nothing here is on
 * a main class path.
 *
 * <p>Known shortcomings: the streams are global, so with tests running in parallel (not enabled in
 * this build) one test's output could land in another's buffer; a line written by a thread that
 * outlives its test goes to whatever test runs next; and the buffer of a test is unbounded.
 */
public final class StderrOnFailure implements TestExecutionListener {

  /** The system property that, set to {@code show}, lets every test write to the console. */
  public static final String PROPERTY = "topdeck.test.stderr";

  private final boolean enabled = !"show".equals(System.getProperty(PROPERTY));
  private final Deque<Frame> frames = new ArrayDeque<>();
  private PrintStream console;

  /** What one test or container wrote, and the stream it replaced. */
  private record Frame(TestIdentifier id, PrintStream replaced, ByteArrayOutputStream buffer) {}

  @Override
  public synchronized void executionStarted(TestIdentifier id) {
    if (!enabled) {
      return;
    }
    if (frames.isEmpty()) {
      console = System.err;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    frames.push(new Frame(id, System.err, buffer));
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (!enabled || frames.isEmpty() || !frames.peek().id().equals(id)) {
      return;
    }
    Frame frame = frames.pop();
    System.err.flush();
    System.setErr(frame.replaced());
    if (result.getStatus() == TestExecutionResult.Status.FAILED && frame.buffer().size() > 0) {
      String name = name(id);
      console.println("--- standard error of " + name + ", which failed ---");
      console.print(frame.buffer().toString(StandardCharsets.UTF_8));
      console.println("--- end of standard error of " + name + " ---");
      console.flush();
    }
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan plan) {
    // A plan aborted half-way leaves frames open; the console is put back all the same.
    if (!frames.isEmpty()) {
      System.setErr(frames.getLast().replaced());
      frames.clear();
    }
  }

  /**
   * Returns "Class#method" for a test method, with its display name when that says more (a
   * parameterized invocation's "[2] 500"), else the display name.
   */
  private static String name(TestIdentifier id) {
    String display = id.getDisplayName();
    return id.getSource()
        .filter(MethodSource.class::isInstance)
        .map(MethodSource.class::cast)
        .map(m -> m.getClassName() + "#" + m.getMethodName())
        .map(method -> display.matches("\\w+\\(.*\\)") ? method : method + " " + display)
        .orElse(display);
  }
}
