package io.diveops.api.alert;

/** Where an incident stands with this message. */
public enum AlertStatus {
  RECOVERED,
  FIRING,
  REMINDER,
  ESCALATED,
  RESOLVED,
  ABORTED,
  /** A one-off: something was done that a human should know of, with nothing left open. */
  NOTICE
}
