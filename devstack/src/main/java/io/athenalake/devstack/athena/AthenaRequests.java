package io.athenalake.devstack.athena;

import io.athenalake.devstack.aws.AwsException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** What every Athena operation shares: its error for bad input, and its {@code NextToken}s. */
final class AthenaRequests {

    /** The error code of a bad request, for {@code AwsJson}'s member checks. */
    static final String INVALID = "InvalidRequestException";

    private AthenaRequests() {
    }

    /** Athena's answer to bad input: {@code InvalidRequestException} with {@code AthenaErrorCode INVALID_INPUT}. */
    static AwsException invalid(String message) {
        return new AwsException(INVALID, message, 400, true, Map.of("AthenaErrorCode", "INVALID_INPUT"));
    }

    /** A {@code NextToken}: where the next page starts, valid only for the listing ({@code scope}) that gave it. */
    static String encodeToken(String scope, long position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1|" + scope + "|" + position).getBytes(StandardCharsets.UTF_8));
    }

    static long decodeToken(String token, String expectedScope) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !"v1".equals(parts[0]) || !expectedScope.equals(parts[1])) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(parts[2]);
        } catch (IllegalArgumentException e) {
            throw invalid("NextToken is not valid");
        }
    }
}
