package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.ErrorEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ErrorSignatureTest {

  private static ErrorEvent error(String type, String message, Map<String, String> attributes) {
    return new ErrorEvent(
        "e",
        "test",
        Optional.empty(),
        Instant.EPOCH,
        type,
        message,
        "",
        Optional.empty(),
        1,
        OptionalLong.empty(),
        attributes);
  }

  @Test
  void recognisesDeadlocksByWordingOrVendorCode() {
    assertThat(ErrorSignature.of(error("SqlException", "chosen as the deadlock victim", Map.of())))
        .containsExactly(ErrorSignature.DEADLOCK);
    assertThat(
            ErrorSignature.of(
                error("PSQLException", "could not serialize", Map.of("sqlstate", "40P01"))))
        .containsExactly(ErrorSignature.DEADLOCK);
  }

  @Test
  void recognisesTimeoutsAndPoolExhaustion() {
    assertThat(
            ErrorSignature.of(
                error(
                    "SQLTransientConnectionException",
                    "HikariPool-1 - Connection is not available, request timed out after 30000ms",
                    Map.of())))
        .containsExactlyInAnyOrder(ErrorSignature.TIMEOUT, ErrorSignature.CONNECTION_POOL);
    assertThat(ErrorSignature.of(error("NullPointerException", "x was null", Map.of()))).isEmpty();
  }

  @Test
  void findsTheTableInAnAttributeOrTheMessage() {
    assertThat(ErrorSignature.table(error("E", "m", Map.of("db.sql.table", "Orders"))))
        .contains("Orders");
    assertThat(ErrorSignature.table(error("E", "lock on table [dbo.Orders] timed out", Map.of())))
        .contains("dbo.Orders");
    assertThat(ErrorSignature.table(error("E", "Invalid object name 'dbo.Orders'.", Map.of())))
        .contains("dbo.Orders");
    assertThat(ErrorSignature.table(error("E", "no object named", Map.of()))).isEmpty();
  }
}
