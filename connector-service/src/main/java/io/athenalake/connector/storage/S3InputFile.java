package io.athenalake.connector.storage;

import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A parquet {@link InputFile} over ranged GETs: the footer costs one small request, and row groups are
 * streamed window by window, so memory stays bounded by the window and parquet's own page buffers.
 */
public final class S3InputFile implements InputFile {

    static final int WINDOW = 8 * 1024 * 1024;
    private static final long SKIP_LIMIT = 1024 * 1024;

    private final MinioStorage storage;
    private final String bucket;
    private final String key;
    private final long length;

    S3InputFile(MinioStorage storage, String bucket, String key, long length) {
        this.storage = storage;
        this.bucket = bucket;
        this.key = key;
        this.length = length;
    }

    public String location() {
        return MinioStorage.location(bucket, key);
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public SeekableInputStream newStream() {
        return new RangedStream();
    }

    @Override
    public String toString() {
        return location();
    }

    private final class RangedStream extends SeekableInputStream {
        private long pos;
        private ResponseInputStream<GetObjectResponse> current;
        private long currentPos;
        private long currentEnd;

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (current != null && newPos >= currentPos && newPos < currentEnd && newPos - currentPos <= SKIP_LIMIT) {
                long toSkip = newPos - currentPos;
                while (toSkip > 0) {
                    long skipped = current.skip(toSkip);
                    if (skipped <= 0) {
                        break;
                    }
                    toSkip -= skipped;
                    currentPos += skipped;
                }
                if (toSkip == 0) {
                    pos = newPos;
                    return;
                }
            }
            closeCurrent();
            pos = newPos;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!ensureOpen(len)) {
                return -1;
            }
            int n = current.read(buffer, offset, (int) Math.min(len, currentEnd - currentPos));
            if (n < 0) {
                closeCurrent();
                throw new EOFException("unexpected end of " + location() + " at " + pos);
            }
            pos += n;
            currentPos += n;
            return n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int start, int len) throws IOException {
            int done = 0;
            while (done < len) {
                int n = read(bytes, start + done, len - done);
                if (n < 0) {
                    throw new EOFException("reached the end of " + location() + " with " + (len - done) + " bytes still to read");
                }
                done += n;
            }
        }

        @Override
        public int read(ByteBuffer buf) throws IOException {
            int len = buf.remaining();
            if (buf.hasArray()) {
                int n = read(buf.array(), buf.arrayOffset() + buf.position(), len);
                if (n > 0) {
                    buf.position(buf.position() + n);
                }
                return n;
            }
            byte[] bytes = new byte[Math.min(len, WINDOW)];
            int n = read(bytes, 0, bytes.length);
            if (n > 0) {
                buf.put(bytes, 0, n);
            }
            return n;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            while (buf.hasRemaining()) {
                if (read(buf) < 0) {
                    throw new EOFException("reached the end of " + location());
                }
            }
        }

        private boolean ensureOpen(int wanted) {
            if (current != null && currentPos == pos && currentPos < currentEnd) {
                return true;
            }
            closeCurrent();
            if (pos >= length) {
                return false;
            }
            long end = Math.min(length, pos + Math.max(WINDOW, wanted));
            String range = "bytes=" + pos + "-" + (end - 1);
            current = storage.call("reading", location(), s3 -> s3.getObject(b -> b.bucket(bucket).key(key).range(range)));
            currentPos = pos;
            currentEnd = end;
            return true;
        }

        private void closeCurrent() {
            if (current != null) {
                if (currentPos < currentEnd) {
                    current.abort();
                }
                try {
                    current.close();
                } catch (IOException ignored) {
                    // the connection is being discarded anyway
                }
                current = null;
            }
        }

        @Override
        public void close() {
            closeCurrent();
        }
    }
}
