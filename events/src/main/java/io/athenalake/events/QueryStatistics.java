package io.athenalake.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Athena's statistics of a finished query execution. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueryStatistics(
        Long dataScannedInBytes,
        Long engineExecutionTimeMillis,
        Long totalExecutionTimeMillis,
        Long queryQueueTimeMillis) {
}
