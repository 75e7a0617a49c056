package io.diveops.api.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent an alert is. Written in lower case, as receivers (Slack, Alertmanager) expect. */
public enum Severity {
  /** Recovered by itself, or something a human should know of. */
  INFO,
  /** A human is needed. */
  WARNING,
  /** A human is needed and has not answered in time, or the instance is at risk. */
  CRITICAL;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
