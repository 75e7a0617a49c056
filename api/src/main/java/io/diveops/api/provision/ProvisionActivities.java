package io.diveops.api.provision;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The steps of provision-partner that touch the world. (Named after the partner: activity types are
 * global on a worker, and deploy-instance already has a {@code Plan}.)
 */
@ActivityInterface
public interface ProvisionActivities {

  /**
   * Reads only: the registry with the partner added passes the schema and every rule, the key and
   * code are new, the trusted instances exist and are enabled, the partner's ports are free on its
   * host and the release's images are there. Every error is returned, none thrown; a registry that
   * cannot be read at all fails ({@code UnusableRegistry}).
   */
  @ActivityMethod
  PartnerValidation validatePartner(ProvisionPartnerInput input);

  /**
   * Reads only: everything provisioning the (validated) partner would create or change, per
   * instance. Fails ({@code UnusableRegistry}) when the partner no longer validates.
   */
  @ActivityMethod
  ProvisionPlan planPartner(ProvisionPartnerInput input);
}
