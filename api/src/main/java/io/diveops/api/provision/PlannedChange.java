package io.diveops.api.provision;

/**
 * One thing a provisioning would create or change at one instance. Secrets are named, never shown.
 *
 * @param instance the registry key of the instance where it happens
 * @param kind registry, secret, network, volume, container, realm, client, idp, mapper, schedule or
 *     watcher
 * @param action create, update, join or exists (already there: kept as it is)
 * @param name what it is called: a JSON path, a secret, container, client or IdP name, a schedule
 *     id
 * @param detail what it will hold (image and ports, redirect URI, the secret a client uses …)
 */
public record PlannedChange(
    String instance, String kind, String action, String name, String detail) {}
