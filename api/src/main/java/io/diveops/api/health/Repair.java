package io.diveops.api.health;

/** A rung of the recovery ladder that brought a service back: how long it took and what it did. */
public record Repair(long ms, String detail) {}
