package io.athenalake.query.results;

import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A parquet file in S3 read by ranged GETs: small reads (the footer, page headers) go through a 256 KB read-ahead
 * window, and a read larger than the window (a column chunk) is one GET of exactly its bytes, so no more of the file
 * is ever held than parquet asks for. Nothing is read once the reader stops asking.
 */
final class S3InputFile implements InputFile {

    private static final int WINDOW = 256 * 1024;

    private final S3Client s3;
    private final S3Location location;
    private final long length;

    S3InputFile(S3Client s3, S3Location location, long length) {
        this.s3 = s3;
        this.location = location;
        this.length = length;
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public SeekableInputStream newStream() {
        return new Stream();
    }

    private byte[] get(long from, int count) {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(range(from, count));
        return bytes.asByteArrayUnsafe();
    }

    /** Reads {@code count} bytes at {@code from} with one GET, straight into the target: no copy of them held. */
    private void get(long from, int count, byte[] target, int offset) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(range(from, count))) {
            if (in.readNBytes(target, offset, count) != count) {
                throw new EOFException("S3 returned fewer than " + count + " bytes at " + from + " of " + location);
            }
        }
    }

    private GetObjectRequest range(long from, int count) {
        return GetObjectRequest.builder().bucket(location.bucket()).key(location.key())
                .range("bytes=" + from + "-" + (from + count - 1)).build();
    }

    private final class Stream extends SeekableInputStream {

        private long position;
        private byte[] window = new byte[0];
        private long windowStart;

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos < 0 || newPos > length) {
                throw new EOFException("seek to " + newPos + " outside " + location + " (" + length + " bytes)");
            }
            position = newPos;
        }

        @Override
        public int read() throws IOException {
            if (position >= length) {
                return -1;
            }
            fill(1);
            return window[(int) (position++ - windowStart)] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            readFully(bytes, offset, n);
            return n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int offset, int count) throws IOException {
            if (position + count > length) {
                throw new EOFException("reading " + count + " bytes at " + position + " past the end of " + location);
            }
            if (count > WINDOW) {
                get(position, count, bytes, offset);
            } else {
                fill(count);
                System.arraycopy(window, (int) (position - windowStart), bytes, offset, count);
            }
            position += count;
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            if (!buffer.hasRemaining()) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(buffer.remaining(), length - position);
            readFully(buffer.slice(buffer.position(), n));
            buffer.position(buffer.position() + n);
            return n;
        }

        /** A column chunk goes straight into parquet's buffer (one GET; heap or direct), not through copies. */
        @Override
        public void readFully(ByteBuffer buffer) throws IOException {
            if (buffer.hasArray()) {
                int n = buffer.remaining();
                readFully(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
                buffer.position(buffer.position() + n);
                return;
            }
            byte[] chunk = new byte[Math.min(buffer.remaining(), WINDOW)];
            while (buffer.hasRemaining()) {
                int n = Math.min(buffer.remaining(), chunk.length);
                readFully(chunk, 0, n);
                buffer.put(chunk, 0, n);
            }
        }

        /** Makes the window hold {@code count} bytes from the position, reading ahead up to its size. */
        private void fill(int count) {
            if (position >= windowStart && position + count <= windowStart + window.length) {
                return;
            }
            int size = (int) Math.min(Math.max(count, WINDOW), length - position);
            window = get(position, size);
            windowStart = position;
        }
    }
}
