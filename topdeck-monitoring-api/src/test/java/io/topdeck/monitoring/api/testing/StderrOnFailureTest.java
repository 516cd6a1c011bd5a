package io.topdeck.monitoring.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;

class StderrOnFailureTest {

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void useOwnConsole() {
    original = System.err;
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreConsole() {
    System.setErr(original);
    System.clearProperty(StderrOnFailure.PROPERTY);
  }

  private static TestIdentifier node(String name, TestDescriptor.Type type) {
    return node(name, type, null);
  }

  private static TestIdentifier node(String name, TestDescriptor.Type type, TestSource source) {
    return TestIdentifier.from(
        new AbstractTestDescriptor(UniqueId.root("sample", name), name, source) {
          @Override
          public Type getType() {
            return type;
          }
        });
  }

  private String printed() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsOnlyWhatAFailedTestWrote() {
    PrintStream consoleStream = System.err;
    StderrOnFailure listener = new StderrOnFailure();
    TestIdentifier container = node("SampleTest", TestDescriptor.Type.CONTAINER);
    TestIdentifier passing = node("rejectsBadInput()", TestDescriptor.Type.TEST);
    TestIdentifier failing =
        node(
            "readsTheSeries()",
            TestDescriptor.Type.TEST,
            MethodSource.from("io.topdeck.SampleTest", "readsTheSeries"));

    listener.executionStarted(container);
    System.err.println("WARN set-up of the class");
    listener.executionStarted(passing);
    System.err.println("WARN bad input, as the test meant");
    listener.executionFinished(passing, TestExecutionResult.successful());
    listener.executionStarted(failing);
    System.err.println("WARN the clue to the failure");
    listener.executionFinished(failing, TestExecutionResult.failed(new AssertionError("boom")));
    listener.executionFinished(container, TestExecutionResult.successful());

    assertThat(printed())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "--- standard error of io.topdeck.SampleTest#readsTheSeries, which failed ---",
                "WARN the clue to the failure",
                "--- end of standard error of io.topdeck.SampleTest#readsTheSeries ---",
                ""));
    assertThat(System.err).isSameAs(consoleStream);
  }

  @Test
  void printsWhatAFailedContainerWroteOutsideItsTests() {
    StderrOnFailure listener = new StderrOnFailure();
    TestIdentifier container = node("SampleTest", TestDescriptor.Type.CONTAINER);

    listener.executionStarted(container);
    System.err.println("server did not start");
    listener.executionFinished(container, TestExecutionResult.failed(new IllegalStateException()));

    assertThat(printed()).contains("SampleTest, which failed").contains("server did not start");
  }

  @Test
  void showLetsEverythingThrough() {
    System.setProperty(StderrOnFailure.PROPERTY, "show");
    StderrOnFailure listener = new StderrOnFailure();
    TestIdentifier passing = node("rejectsBadInput()", TestDescriptor.Type.TEST);

    listener.executionStarted(passing);
    System.err.println("WARN bad input, as the test meant");
    listener.executionFinished(passing, TestExecutionResult.successful());

    assertThat(printed()).isEqualTo("WARN bad input, as the test meant" + System.lineSeparator());
  }
}
