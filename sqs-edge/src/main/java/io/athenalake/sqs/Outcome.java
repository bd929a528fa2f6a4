package io.athenalake.sqs;

import java.time.Duration;

/**
 * What a handler decided about a message; {@link QueuePoller} carries it out. A handler that throws leaves
 * the message for redelivery after its visibility timeout, except for {@link MalformedMessageException},
 * which dead-letters it with the exception's message as the reason.
 */
public sealed interface Outcome {

    /** Handled (or nothing to do): the message is deleted. */
    static Outcome done() {
        return Done.INSTANCE;
    }

    /**
     * A failure that may pass: the message becomes visible again after {@code delay}; the queue's redrive
     * policy counts the receive, so a failure that keeps coming back reaches the dead-letter queue.
     */
    static Outcome retryIn(Duration delay, String reason) {
        return new Retry(delay, reason);
    }

    /**
     * A wait that ends by itself (a quota, work not finished elsewhere): the message becomes visible again
     * after {@code delay} and is never dead-lettered for waiting — when another receive could reach the
     * queue's {@code maxReceiveCount}, it is sent again as a new message carrying its attempt count
     * ({@link Received#attempts()}) and the original deleted.
     */
    static Outcome waitFor(Duration delay, String reason) {
        return new Wait(delay, reason);
    }

    /** Can never be handled: moved to the dead-letter queue at once with the reason as a message attribute. */
    static Outcome deadLetter(String reason) {
        return new DeadLetter(reason);
    }

    enum Done implements Outcome { INSTANCE }

    record Retry(Duration delay, String reason) implements Outcome {
    }

    record Wait(Duration delay, String reason) implements Outcome {
    }

    record DeadLetter(String reason) implements Outcome {
    }
}
