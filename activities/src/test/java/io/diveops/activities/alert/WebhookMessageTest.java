package io.diveops.activities.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Slack incoming webhook shows text and blocks; machines read dedupKey, status and severity. */
class WebhookMessageTest {
  static final Alert FIRING =
      new Alert(
          "recover-gbr-backend/r1",
          "gbr",
          "backend",
          Severity.WARNING,
          AlertStatus.FIRING,
          "needs an operator: recreate failed",
          "recover-gbr-backend",
          1L);
  static final Alert RECOVERED =
      new Alert(
          "recover-gbr-redis/r2",
          "gbr",
          "redis",
          Severity.INFO,
          AlertStatus.RECOVERED,
          "recovered by restart in 2.0 s",
          "recover-gbr-redis",
          2L);

  @Test
  void oneAlertIsOneSlackMessageWithItsDedupKey() {
    JsonNode message = WebhookMessage.of("gbr", List.of(FIRING));
    assertThat(message.path("text").asText())
        .isEqualTo("[WARNING] DIVE Ops GBR: gbr/backend needs an operator: recreate failed");
    assertThat(message.path("blocks").get(0).path("type").asText()).isEqualTo("header");
    assertThat(message.path("dedupKey").asText()).isEqualTo("recover-gbr-backend/r1");
    assertThat(message.path("status").asText()).isEqualTo("FIRING");
    assertThat(message.path("groupKey").asText()).isEqualTo("dive-ops/gbr");
  }

  @Test
  void aGroupCarriesEveryAlertAndTheHighestSeverity() {
    JsonNode message = WebhookMessage.of("gbr", List.of(RECOVERED, FIRING));
    assertThat(message.path("text").asText()).isEqualTo("[WARNING] DIVE Ops GBR: 2 alerts");
    assertThat(message.path("severity").asText()).isEqualTo("warning");
    assertThat(message.has("dedupKey")).isFalse();
    assertThat(message.path("alerts")).hasSize(2);
    assertThat(message.path("alerts").get(1).path("dedupKey").asText())
        .isEqualTo("recover-gbr-backend/r1");
    assertThat(message.path("blocks")).hasSize(3);
  }
}
