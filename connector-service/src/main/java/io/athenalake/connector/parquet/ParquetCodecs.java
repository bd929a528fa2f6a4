package io.athenalake.connector.parquet;

import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.brotli.dec.BrotliInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Page decompression for every codec the parquet format defines. parquet-hadoop's own factory serves UNCOMPRESSED,
 * SNAPPY, GZIP, ZSTD and LZ4_RAW; the others need Hadoop codecs that are not in the Lambda (and LZO's is GPL):
 * <ul>
 *   <li>BROTLI with Google's pure-Java decoder;</li>
 *   <li>LZ4 (the deprecated codec 5) in Hadoop's block framing, as parquet-mr and Arrow C++ write it — and, when the
 *       page is not in that framing, as one raw LZ4 block, as older Arrow C++ wrote it (readers fall back the same
 *       way); LZO in Hadoop's framing — both with aircompressor's pure-Java decoders.</li>
 * </ul>
 * A page that does not decompress fails with the codec's name. One instance per reader: decompressors are not
 * thread-safe.
 */
public final class ParquetCodecs implements CompressionCodecFactory {

    private final CodecFactory parquet = new CodecFactory(new Configuration(false), 0);

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case BROTLI -> new Named(codec, (input, output) -> brotli(input, output));
            case LZ4 -> new Named(codec, (input, output) -> {
                if (!hadoopFramed(new Lz4Decompressor(), input, output)) {
                    raw(new Lz4Decompressor(), input, output);
                }
            });
            case LZO -> new Named(codec, (input, output) -> {
                if (!hadoopFramed(new LzoDecompressor(), input, output)) {
                    throw new IOException("the page is not in Hadoop's LZO block framing");
                }
            });
            default -> parquet.getDecompressor(codec);
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the connector only reads parquet");
    }

    @Override
    public void release() {
        parquet.release();
    }

    /** Decompresses a whole page into an array of exactly the page's uncompressed size. */
    @FunctionalInterface
    private interface PageDecoder {
        void decode(byte[] input, byte[] output) throws IOException;
    }

    /** A decompressor whose failures name its codec (the reader adds the file, column and page). */
    private record Named(CompressionCodecName codec, PageDecoder decoder) implements BytesInputDecompressor {

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            byte[] output = new byte[decompressedSize];
            decode(bytes.toByteArray(), output);
            return BytesInput.from(output);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize) throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            byte[] out = new byte[decompressedSize];
            decode(in, out);
            output.put(out);
        }

        private void decode(byte[] input, byte[] output) throws IOException {
            try {
                decoder.decode(input, output);
            } catch (IOException | RuntimeException e) {
                throw new IOException("a " + codec + "-compressed page does not decompress: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
        }

        @Override
        public void release() {
        }
    }

    private static void brotli(byte[] input, byte[] output) throws IOException {
        try (InputStream in = new BrotliInputStream(new ByteArrayInputStream(input))) {
            int filled = in.readNBytes(output, 0, output.length);
            if (filled != output.length || in.read() != -1) {
                throw new IOException("the page holds " + (filled < output.length ? filled : "more than " + output.length)
                        + " bytes, not the " + output.length + " its header says");
            }
        }
    }

    /**
     * Hadoop's block framing (BlockCompressorStream): blocks of [uncompressed length][compressed length][bytes]…,
     * each block one or more compressed chunks. False when the input is not in that framing.
     */
    static boolean hadoopFramed(Decompressor decompressor, byte[] input, byte[] output) {
        int in = 0;
        int out = 0;
        try {
            while (in < input.length) {
                if (input.length - in < 8) {
                    return false;
                }
                int blockLength = readInt(input, in);
                in += 4;
                if (blockLength < 0 || blockLength > output.length - out) {
                    return false;
                }
                int blockEnd = out + blockLength;
                while (out < blockEnd) {
                    if (input.length - in < 4) {
                        return false;
                    }
                    int chunkLength = readInt(input, in);
                    in += 4;
                    if (chunkLength <= 0 || chunkLength > input.length - in) {
                        return false;
                    }
                    int written = decompressor.decompress(input, in, chunkLength, output, out, blockEnd - out);
                    in += chunkLength;
                    out += written;
                    if (written <= 0) {
                        return false;
                    }
                }
            }
            return out == output.length;
        } catch (RuntimeException notThisFraming) {
            return false;
        }
    }

    private static void raw(Decompressor decompressor, byte[] input, byte[] output) throws IOException {
        int written = decompressor.decompress(input, 0, input.length, output, 0, output.length);
        if (written != output.length) {
            throw new IOException("neither Hadoop's block framing nor one raw block of " + output.length + " bytes (" + written + ")");
        }
    }

    private static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
    }
}
