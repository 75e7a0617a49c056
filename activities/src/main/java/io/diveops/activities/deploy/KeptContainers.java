package io.diveops.activities.deploy;

import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.stack.StackLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The previous containers a deploy keeps aside ({@code <name>-prev-<run>}) while it replaces a
 * service. A run that finishes removes or restores them; one that was terminated leaves them, and
 * they are the only trustworthy trace of what it changed.
 */
final class KeptContainers {
  static final String MARK = "-prev-";

  /** A kept container and the service container whose place it held. */
  record Kept(String service, String name, String kept) {}

  private KeptContainers() {}

  static List<Kept> find(DockerEngine docker, Instance instance) {
    List<ContainerState> managed =
        docker.findByLabels(
            Map.of(
                StackLayout.LABEL_MANAGED,
                "true",
                StackLayout.LABEL_PROJECT,
                StackLayout.project(instance)));
    List<Kept> found = new ArrayList<>();
    for (String service : StackLayout.services(instance)) {
      String name = instance.services().get(service).containerName();
      managed.stream()
          .map(ContainerState::name)
          .filter(n -> n.startsWith(name + MARK))
          .sorted()
          .forEach(kept -> found.add(new Kept(service, name, kept)));
    }
    return found;
  }
}
