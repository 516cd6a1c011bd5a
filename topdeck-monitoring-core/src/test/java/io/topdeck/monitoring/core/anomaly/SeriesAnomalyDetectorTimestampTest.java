package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesAnomalyDetectorTimestampTest {

  @Test
  void pointBeyondEpochMillisecondsIsRefusedWithAClearMessage() {
    MetricSeries series =
        new MetricSeries("m", "", Map.of(), List.of(new MetricPoint(Instant.MAX, 1)));

    assertThatThrownBy(() -> SeriesAnomalyDetector.detect("r", series))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "timestamp must lie within epoch milliseconds (-292275055-05-16T16:47:04.192Z .."
                + " +292278994-08-17T07:12:55.807Z), but was +1000000000-12-31T23:59:59.999999999Z");
  }
}
