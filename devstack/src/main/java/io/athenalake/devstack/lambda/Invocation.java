package io.athenalake.devstack.lambda;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One call of a function: queued until an execution environment takes it, then answered or timed out. */
final class Invocation {

    final String requestId;
    final byte[] payload;
    final CompletableFuture<Result> result = new CompletableFuture<>();
    private volatile long deadlineMillis;

    Invocation(String requestId, byte[] payload) {
        this.requestId = requestId;
        this.payload = payload;
    }

    /** Starts the clock: Lambda's timeout counts from the moment the runtime receives the event. */
    long pickedUp(Duration timeout) {
        deadlineMillis = System.currentTimeMillis() + timeout.toMillis();
        return deadlineMillis;
    }

    boolean pickedUp() {
        return deadlineMillis != 0;
    }

    boolean timedOut() {
        return deadlineMillis != 0 && System.currentTimeMillis() > deadlineMillis;
    }

    /**
     * @param functionError {@code null} on success, else Lambda's {@code X-Amz-Function-Error} ({@code Unhandled})
     */
    record Result(byte[] payload, String functionError) {
    }
}
