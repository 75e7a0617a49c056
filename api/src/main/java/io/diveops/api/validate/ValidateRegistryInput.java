package io.diveops.api.validate;

/**
 * @param registry path of the registry file on the worker's machine; null or blank means the
 *     worker's configured registry
 */
public record ValidateRegistryInput(String registry) {}
