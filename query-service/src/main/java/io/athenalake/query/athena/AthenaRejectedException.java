package io.athenalake.query.athena;

/** Athena refused a request (InvalidRequestException and kin), in Athena's words. */
public class AthenaRejectedException extends RuntimeException {

    private final String errorCode;

    public AthenaRejectedException(String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
