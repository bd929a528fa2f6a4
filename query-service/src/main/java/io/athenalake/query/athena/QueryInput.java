package io.athenalake.query.athena;

import java.util.List;

/**
 * A query as a caller asked for it, before validation: from a REST body, a queue message or configuration.
 *
 * @param idempotencyKey the caller's key; the ClientRequestToken is derived from it (and its scope)
 * @param resultFormat   csv (default), parquet or auto, case-insensitive
 */
public record QueryInput(
        String sql,
        String catalog,
        String database,
        String workgroup,
        List<String> parameters,
        Integer resultReuseMaxAgeMinutes,
        Long bytesScannedBudget,
        String idempotencyKey,
        String resultFormat) {
}
