package io.athenalake.connector.errors;

import com.amazonaws.athena.connector.lambda.exceptions.AthenaConnectorException;
import software.amazon.awssdk.services.glue.model.ErrorDetails;
import software.amazon.awssdk.services.glue.model.FederationSourceErrorCode;

/**
 * The errors Athena shows to the user. Every message says what went wrong and where (bucket, object,
 * secret, endpoint) and what to do; none carries a stack trace, a credential or a response body.
 */
public final class ConnectorErrors {

    private ConnectorErrors() {
    }

    public static AthenaConnectorException notFound(String message) {
        return error(FederationSourceErrorCode.ENTITY_NOT_FOUND_EXCEPTION, message);
    }

    public static AthenaConnectorException invalidInput(String message) {
        return error(FederationSourceErrorCode.INVALID_INPUT_EXCEPTION, message);
    }

    public static AthenaConnectorException accessDenied(String message) {
        return error(FederationSourceErrorCode.ACCESS_DENIED_EXCEPTION, message);
    }

    public static AthenaConnectorException invalidCredentials(String message) {
        return error(FederationSourceErrorCode.INVALID_CREDENTIALS_EXCEPTION, message);
    }

    public static AthenaConnectorException unreachable(String message) {
        return error(FederationSourceErrorCode.OPERATION_TIMEOUT_EXCEPTION, message);
    }

    public static AthenaConnectorException unsupported(String message) {
        return error(FederationSourceErrorCode.OPERATION_NOT_SUPPORTED_EXCEPTION, message);
    }

    public static AthenaConnectorException internal(String message) {
        return error(FederationSourceErrorCode.INTERNAL_SERVICE_EXCEPTION, message);
    }

    private static AthenaConnectorException error(FederationSourceErrorCode code, String message) {
        return new AthenaConnectorException(message, ErrorDetails.builder().errorCode(code.toString()).errorMessage(message).build());
    }
}
