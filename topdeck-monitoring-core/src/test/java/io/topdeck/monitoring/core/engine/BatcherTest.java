package io.topdeck.monitoring.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatcherTest {

  @ParameterizedTest(name = "{0} resources x {1} metrics at {2} per call")
  @CsvSource({
    "1, 1, 500", "100, 7, 500", "250, 2, 500", "1001, 1, 500",
    "13, 9, 20", "40, 1, 20", "3, 3, 5", "17, 1, 5"
  })
  void theNumberOfCallsIsTheMinimumTheBatchLimitAllows(int resources, int metrics, int limit) {
    List<String> queries = new ArrayList<>();
    for (int r = 0; r < resources; r++) {
      for (int m = 0; m < metrics; m++) {
        queries.add("r" + r + "/m" + m);
      }
    }
    List<Integer> batchSizes = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Batcher<String, String> batcher = new Batcher<>(new BatchLimits(limit));

    List<Optional<String>> answers =
        batcher.execute(
            queries,
            batch -> {
              batchSizes.add(batch.size());
              batch.keySet().forEach(id -> assertThat(ids.add(id)).as("id %s unique", id).isTrue());
              Map<String, String> out = new LinkedHashMap<>();
              batch.forEach((id, q) -> out.put(id, q.toUpperCase()));
              return out;
            });

    long minimum = new BatchLimits(limit).minimumCalls((long) resources * metrics);
    assertThat(minimum).isEqualTo((resources * metrics + limit - 1) / limit);
    assertThat((double) batchSizes.size() / minimum).isEqualTo(1.0);
    assertThat(batchSizes).allMatch(size -> size <= limit);
    assertThat(answers).hasSize(queries.size());
    for (int i = 0; i < queries.size(); i++) {
      assertThat(answers.get(i)).contains(queries.get(i).toUpperCase());
    }
  }

  @Test
  void answersReturnedOutOfOrderFindTheirQueriesAndUnansweredOnesStayEmpty() {
    List<Integer> queries = IntStream.range(0, 12).boxed().toList();
    Batcher<Integer, Integer> batcher = new Batcher<>(BatchLimits.XRAY);

    List<Optional<Integer>> answers =
        batcher.execute(
            queries,
            batch -> {
              List<Map.Entry<String, Integer>> entries = new ArrayList<>(batch.entrySet());
              Collections.reverse(entries);
              Map<String, Integer> out = new LinkedHashMap<>();
              entries.stream()
                  .filter(e -> e.getValue() != 7)
                  .forEach(e -> out.put(e.getKey(), e.getValue() * 10));
              return out;
            });

    for (int i = 0; i < 12; i++) {
      assertThat(answers.get(i)).isEqualTo(i == 7 ? Optional.empty() : Optional.of(i * 10));
    }
  }

  @Test
  void anAnswerUnderAnIdTheBatchDidNotSendIsRefused() {
    Batcher<String, String> batcher = new Batcher<>(BatchLimits.AZURE_METRICS);

    assertThatThrownBy(() -> batcher.execute(List.of("a"), batch -> Map.of("q99", "x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("q99");
  }

  @Test
  void thePlatformLimitsAreTheDocumentedOnes() {
    assertThat(BatchLimits.CLOUDWATCH.maxPerCall()).isEqualTo(500);
    assertThat(BatchLimits.AZURE_METRICS.maxPerCall()).isEqualTo(20);
    assertThat(BatchLimits.XRAY.maxPerCall()).isEqualTo(5);
    assertThatThrownBy(() -> new BatchLimits(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
