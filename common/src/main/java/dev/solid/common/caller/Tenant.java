package dev.solid.common.caller;

/** A company together with its mode: test objects and live objects never see each other. */
public record Tenant(long companyId, boolean livemode) {}
