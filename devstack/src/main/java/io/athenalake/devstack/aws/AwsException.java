package io.athenalake.devstack.aws;

import java.util.Map;

/**
 * An error answered in the calling API's own shape: its error code (the {@code __type} of a
 * JSON protocol, the {@code Code} of a Query protocol), message and HTTP status.
 */
public class AwsException extends RuntimeException {

    private final String code;
    private final int status;
    private final boolean senderFault;
    private final Map<String, Object> extraFields;

    public AwsException(String code, String message, int status, boolean senderFault, Map<String, Object> extraFields) {
        super(message);
        this.code = code;
        this.status = status;
        this.senderFault = senderFault;
        this.extraFields = extraFields;
    }

    public AwsException(String code, String message) {
        this(code, message, 400, true, Map.of());
    }

    public AwsException(String code, String message, int status) {
        this(code, message, status, status < 500, Map.of());
    }

    /**
     * An operation of a JSON API ({@code X-Amz-Target}) or a REST call the devstack's emulation of {@code api} does not
     * implement: answered as an error naming it, never as a silent success.
     */
    public static AwsException unknownOperation(String api, String operation) {
        return new AwsException("UnknownOperationException", "The devstack's " + api + " does not implement " + operation);
    }

    /** The same for a Query API's {@code Action}. */
    public static AwsException invalidAction(String api, String action) {
        return new AwsException("InvalidAction", "The devstack's " + api + " does not implement " + action);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public boolean senderFault() {
        return senderFault;
    }

    /** Fields some APIs add to their error bodies, e.g. Athena's {@code AthenaErrorCode}. */
    public Map<String, Object> extraFields() {
        return extraFields;
    }
}
