package io.athenalake.query.athena;

import java.util.List;
import java.util.Optional;

/**
 * A query to start, whatever asked for it (REST, queue, schedule, refresh). Already validated
 * ({@link QuerySpecValidator}); the SQL goes to Athena as given, values only as execution parameters.
 *
 * @param clientToken            Athena's {@code ClientRequestToken} (32–128 characters), derived by the caller
 * @param resultReuseMaxAgeMinutes reuse an identical query's result up to this age
 * @param bytesScannedBudget     stop the query when it scans more than this
 * @param resultFormat           CSV or PARQUET, decided (never AUTO)
 */
public record QuerySpec(
        String sql,
        String catalog,
        Optional<String> database,
        String workgroup,
        List<String> parameters,
        Optional<String> clientToken,
        Optional<Integer> resultReuseMaxAgeMinutes,
        Optional<Long> bytesScannedBudget,
        ResultFormat resultFormat) {
}
