package io.topdeck.monitoring.core.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Packs queries into as few platform calls as the platform's {@link BatchLimits} allow, and maps
 * the answers back to the queries. Each query gets an id unique across all batches of one {@link
 * #execute} ({@code q0}, {@code q1}, ...; platforms such as CloudWatch require ids that start with
 * a lowercase letter), which is how answers find their query regardless of the order a platform
 * returns them in.
 *
 * @param <Q> the query type
 * @param <R> the answer type
 */
public final class Batcher<Q, R> {

  private final BatchLimits limits;

  /** Returns a batcher packing up to {@code limits.maxPerCall()} queries per call. */
  public Batcher(BatchLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Sends {@code queries} in batches through {@code call} and returns the answers in query order.
   * The call receives a batch keyed by query id (in query order) and returns answers keyed by id; a
   * query the platform did not answer gets an empty answer, so that a partial batch stays visible.
   * A failure of {@code call} propagates.
   *
   * @throws IllegalStateException if an answer comes back under an id the batch did not send
   */
  public List<Optional<R>> execute(List<Q> queries, Function<Map<String, Q>, Map<String, R>> call) {
    Objects.requireNonNull(call, "call");
    List<Optional<R>> answers =
        new ArrayList<>(Collections.nCopies(queries.size(), Optional.empty()));
    for (int start = 0; start < queries.size(); start += limits.maxPerCall()) {
      int end = Math.min(queries.size(), start + limits.maxPerCall());
      Map<String, Q> batch = new LinkedHashMap<>();
      for (int i = start; i < end; i++) {
        batch.put(id(i), Objects.requireNonNull(queries.get(i), "query"));
      }
      Map<String, R> results = call.apply(Collections.unmodifiableMap(batch));
      for (Map.Entry<String, R> result : results.entrySet()) {
        if (!batch.containsKey(result.getKey())) {
          throw new IllegalStateException(
              "answer under id " + result.getKey() + ", which this batch did not send");
        }
        answers.set(index(result.getKey()), Optional.ofNullable(result.getValue()));
      }
    }
    return answers;
  }

  private static String id(int index) {
    return "q" + index;
  }

  private static int index(String id) {
    return Integer.parseInt(id.substring(1));
  }
}
