package io.diveops.api.drift;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of difference an item is. Written in lower case, as the report shows it. */
public enum DriftCategory {
  /** Desired, not there. */
  MISSING,
  /** There, not desired. */
  EXTRA,
  /** There, but not as desired. */
  CHANGED,
  /** The live side could not be read: never "in sync". */
  UNKNOWN;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
