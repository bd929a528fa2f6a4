package io.athenalake.connector.corpus;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import io.airlift.compress.hadoop.HadoopOutputStream;
import io.airlift.compress.hadoop.HadoopStreams;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4HadoopStreams;
import io.airlift.compress.lzo.LzoHadoopStreams;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Page compression for the corpus, as other writers compress: parquet-hadoop's own codecs, and those it cannot write
 * here — Brotli (a real encoder), LZ4 and LZO in Hadoop's block framing (parquet-mr with Hadoop's codecs, Arrow C++),
 * and LZ4 as one raw block under the LZ4 codec id (what older Arrow C++ wrote).
 */
final class WriterCodecs implements CompressionCodecFactory {

    enum Lz4Framing { HADOOP, RAW_BLOCK }

    private final CodecFactory parquet = new CodecFactory(new Configuration(false), 1 << 20);
    private final Lz4Framing lz4Framing;

    WriterCodecs(Lz4Framing lz4Framing) {
        this.lz4Framing = lz4Framing;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case BROTLI -> compressor(codec, WriterCodecs::brotli);
            case LZ4 -> compressor(codec, lz4Framing == Lz4Framing.HADOOP ? bytes -> hadoop(new Lz4HadoopStreams(), bytes) : WriterCodecs::rawLz4);
            case LZO -> compressor(codec, bytes -> hadoop(new LzoHadoopStreams(), bytes));
            default -> parquet.getCompressor(codec);
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("writing only");
    }

    @Override
    public void release() {
        parquet.release();
    }

    @FunctionalInterface
    private interface Compression {
        byte[] compress(byte[] bytes) throws IOException;
    }

    private static BytesInputCompressor compressor(CompressionCodecName codec, Compression compression) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(compression.compress(bytes.toByteArray()));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    private static byte[] brotli(byte[] bytes) throws IOException {
        Brotli4jLoader.ensureAvailability();
        return Encoder.compress(bytes);
    }

    private static byte[] hadoop(HadoopStreams streams, byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HadoopOutputStream framed = streams.createOutputStream(out)) {
            framed.write(bytes, 0, bytes.length);
            framed.finish();
        }
        return out.toByteArray();
    }

    private static byte[] rawLz4(byte[] bytes) {
        Lz4Compressor compressor = new Lz4Compressor();
        byte[] out = new byte[compressor.maxCompressedLength(bytes.length)];
        int length = compressor.compress(bytes, 0, bytes.length, out, 0, out.length);
        return Arrays.copyOf(out, length);
    }
}
