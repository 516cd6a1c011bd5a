package io.topdeck.monitoring.core.engine.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An executor under the test's control: it holds every task it is given until {@link #runHeld()}
 * runs them on the test's thread, so a call's worker starts exactly when the test says. After
 * {@link #runInline()} it runs each new task at once on the submitting thread instead.
 */
final class ManualExecutor extends AbstractExecutorService {

  private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
  private volatile boolean inline;
  private volatile boolean shutdown;

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("executor is shut down");
    }
    if (inline) {
      task.run();
    } else {
      held.add(task);
    }
  }

  /** Runs the held tasks, oldest first, and returns how many there were. */
  int runHeld() {
    int count = 0;
    for (Runnable task = held.poll(); task != null; task = held.poll()) {
      task.run();
      count++;
    }
    return count;
  }

  /** From now on, runs each task when it is submitted, on the submitting thread. */
  void runInline() {
    inline = true;
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> dropped = new ArrayList<>(held);
    held.clear();
    return dropped;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  // It owns no threads, so nothing of its own is left running once it is shut down.
  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }
}
