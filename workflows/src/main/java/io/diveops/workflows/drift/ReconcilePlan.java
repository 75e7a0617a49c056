package io.diveops.workflows.drift;

import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reconcile does about one instance's items, through the paths that already exist: a
 * container's image, environment, absence or a deploy's leftover is DeployInstance of the current
 * release (its plan replaces exactly those, with checkpoint and rollback, and repairs leftovers); a
 * realm item is the realm applied again from the generated specification, and an identity provider
 * the registry does not know is removed; an OPA item is the shipped policy put back. Everything
 * else is left, each with the reason, for an operator. Pure: decided in workflow code and tested
 * without anything running.
 *
 * @param extraProviders aliases of identity providers to remove
 * @param left items not reconciled, as {@code <item key>: <why>}
 */
record ReconcilePlan(
    boolean deploy, boolean realm, List<String> extraProviders, boolean opa, List<String> left) {
  static final String LEFTOVER_MARK = "-prev-";

  static ReconcilePlan of(List<DriftItem> items) {
    boolean deploy = false;
    boolean realm = false;
    boolean opa = false;
    List<String> extraProviders = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (DriftItem item : items) {
      String resource = item.resource();
      if (item.category() == DriftCategory.UNKNOWN) {
        left.add(item.key() + ": could not be read; reconcile once a detection can read it");
      } else if (resource.startsWith("container ")) {
        String why = container(item);
        if (why == null) {
          deploy = true;
        } else {
          left.add(item.key() + ": " + why);
        }
      } else if (resource.startsWith("opa ")) {
        opa = true;
      } else {
        realm = true;
        if (resource.startsWith("idp ")
            && item.category() == DriftCategory.EXTRA
            && item.path().isEmpty()) {
          extraProviders.add(resource.substring("idp ".length()));
        }
      }
    }
    return new ReconcilePlan(deploy, realm, List.copyOf(extraProviders), opa, List.copyOf(left));
  }

  /** Null when DeployInstance puts the container right; otherwise why it does not. */
  private static String container(DriftItem item) {
    if (item.category() == DriftCategory.EXTRA) {
      return item.resource().contains(LEFTOVER_MARK)
          ? null
          : "a container no deploy made: remove it by hand once you know whose it is";
    }
    if (item.category() == DriftCategory.MISSING
        || item.path().equals("image")
        || item.path().startsWith("env.")) {
      return null;
    }
    return "DeployInstance replaces a container for its image or environment only:"
        + " recreate it by hand (docs/runbooks/detect-drift.md)";
  }

  boolean nothingToDo() {
    return !deploy && !realm && !opa;
  }
}
