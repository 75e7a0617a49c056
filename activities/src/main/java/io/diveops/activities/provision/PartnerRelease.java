package io.diveops.activities.provision;

import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.release.ReleaseReader;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The release a new partner's stack runs: the one the instances it federates with run (the newest,
 * where they differ), so the federation runs one build; else, when none has a recorded release, the
 * newest release file.
 *
 * @param reason why this release, in words for the plan
 */
record PartnerRelease(String version, String reason) {

  static Optional<PartnerRelease> choose(
      List<String> trust, ReleaseHistory history, ReleaseReader releases) {
    List<String> running =
        trust.stream()
            .filter(key -> history.state(key).current() != null)
            .map(key -> key + " " + history.state(key).current())
            .toList();
    Optional<String> newest =
        running.stream()
            .map(line -> line.substring(line.indexOf(' ') + 1))
            .max(Comparator.comparing(v -> v, ReleaseReader::compareVersions));
    if (newest.isPresent()) {
      return Optional.of(
          new PartnerRelease(
              newest.get(),
              "the newest release its partners run (" + String.join(", ", running) + ")"));
    }
    return releases
        .newest()
        .map(
            version ->
                new PartnerRelease(
                    version,
                    "the newest release file: none of its partners has a recorded release"));
  }
}
