package io.diveops.api.provision;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

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

  /**
   * Reads only: the registry already has the partner under its key exactly as given (its entry, and
   * its row of the federation matrix naming every trusted instance, each naming it back).
   */
  @ActivityMethod
  boolean alreadyProvisioned(ProvisionPartnerInput input);

  /**
   * Writes the registry with the partner added: a temporary file beside it, validated, then renamed
   * over it; the registry it replaced is kept for {@link #restoreRegistry}. Done already (the
   * registry has the partner): nothing.
   */
  @ActivityMethod
  void commitPartner(ProvisionPartnerInput input);

  /** Puts back the registry {@link #commitPartner} replaced; nothing when it replaced none. */
  @ActivityMethod
  void restoreRegistry(String key);

  /**
   * Creates the partner's secrets that do not exist yet: its stack's and each federation pair's,
   * both directions.
   *
   * @return the names (never values) of every secret of the partner
   */
  @ActivityMethod
  List<String> partnerSecrets(String key);

  /** Destroys the named secrets of a partner being taken out; absent ones are skipped. */
  @ActivityMethod
  void destroySecrets(List<String> names);

  /**
   * The partner's stack from the release through the code {@code sandbox up} runs (network,
   * volumes, containers in order, realm imported, Mongo seeded), each healthy; the release recorded
   * as the instance's current one.
   */
  @ActivityMethod
  void startPartnerStack(String key, String release);

  /**
   * The partner's containers, network and volumes removed, and its release record; from the input's
   * entry, so it works once the registry no longer has it.
   */
  @ActivityMethod
  void removePartnerStack(ProvisionPartnerInput input);

  /**
   * One instance's realm federation brought to what the registry says (clients, identity providers
   * and mappers of every pair; pairs the matrix no longer has removed).
   *
   * @return each change made
   */
  @ActivityMethod
  List<String> federateInstance(String instance);

  /** The backup, restore-test, federation and drift schedules applied for the enabled instances. */
  @ActivityMethod
  List<String> applySchedules();
}
