package io.diveops.api.verify;

import java.util.List;

/** What a verification needs to know about an instance up front: it exists, and what it runs. */
public record InstanceSummary(
    String instance, String code, List<String> services, List<String> partners) {}
