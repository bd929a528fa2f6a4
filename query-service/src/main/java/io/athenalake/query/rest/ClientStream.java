package io.athenalake.query.rest;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpServerRequest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A download's output that fails as soon as its client has gone. The HTTP layer does not always say so: once the
 * connection is closed, writes can be dropped without an error, and a download would read its whole result from
 * S3 for no one. Every write first asks whether the connection is still open.
 */
final class ClientStream extends FilterOutputStream {

    private final HttpServerResponse response;

    ClientStream(OutputStream out, HttpServerRequest request) {
        super(out);
        this.response = request.response();
    }

    @Override
    public void write(int b) throws IOException {
        open();
        out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        open();
        out.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        open();
        out.flush();
    }

    private void open() throws IOException {
        if (response.closed()) {
            throw new IOException("the client closed the connection");
        }
    }
}
