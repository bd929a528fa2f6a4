package io.athenalake.sqs;

/** A message body that can never be handled, with the reason; thrown by a handler, it dead-letters the message. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String reason) {
        super(reason);
    }
}
