package io.diveops.activities.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.api.alert.Alert;
import io.diveops.api.alert.Severity;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The JSON a webhook receives: Slack's {@code text} and {@code blocks} (so a Slack incoming webhook
 * shows it as is), plus fields for machines: {@code groupKey}, {@code severity} (the highest in the
 * message) and every alert with its {@code dedupKey} and {@code status}.
 */
final class WebhookMessage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookMessage() {}

  static ObjectNode of(String instance, List<Alert> alerts) {
    Severity severity =
        alerts.stream().map(Alert::severity).max(Comparator.naturalOrder()).orElse(Severity.INFO);
    String headline =
        "["
            + severity.name()
            + "] DIVE Ops "
            + instance.toUpperCase(Locale.ROOT)
            + ": "
            + (alerts.size() == 1 ? line(alerts.get(0)) : alerts.size() + " alerts");
    ObjectNode message = JSON.createObjectNode();
    message.put("text", headline);
    ArrayNode blocks = message.putArray("blocks");
    blocks
        .addObject()
        .put("type", "header")
        .putObject("text")
        .put("type", "plain_text")
        .put("text", headline);
    for (Alert alert : alerts) {
      blocks
          .addObject()
          .put("type", "section")
          .putObject("text")
          .put("type", "mrkdwn")
          .put(
              "text",
              "*"
                  + alert.status()
                  + "* "
                  + line(alert)
                  + "\nrun `"
                  + alert.run()
                  + "` · key `"
                  + alert.dedupKey()
                  + "`");
    }
    message.put("source", "dive-ops");
    message.put("groupKey", "dive-ops/" + instance);
    message.put("instance", instance);
    message.put("severity", severity.label());
    if (alerts.size() == 1) {
      message.put("dedupKey", alerts.get(0).dedupKey());
      message.put("status", alerts.get(0).status().name());
    }
    ArrayNode items = message.putArray("alerts");
    alerts.forEach(alert -> items.add(JSON.valueToTree(alert)));
    return message;
  }

  private static String line(Alert alert) {
    return alert.instance() + "/" + alert.service() + " " + alert.summary();
  }
}
