package io.diveops.api.backup;

/**
 * @param backup the backup id to restore (never "latest": a disaster recovery names what it
 *     restores)
 * @param force restore a backup that is not VERIFIED (a restore test failed or never ran)
 */
public record RestoreInput(String instance, String backup, boolean force) {}
