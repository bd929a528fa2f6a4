package io.athenalake.connector.parquet;

import com.amazonaws.athena.connector.lambda.exceptions.AthenaConnectorException;
import io.athenalake.connector.errors.ConnectorErrors;
import io.athenalake.connector.storage.MinioStorage;
import io.athenalake.connector.storage.S3InputFile;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads parquet footers (one ranged GET for the tail, one more if the footer is large) and keeps the most
 * recent ones for the life of the Lambda container: get table, layout and splits of one query read the
 * same footers. A file is identified by bucket, key and size, so a rewritten object is read again.
 */
public class ParquetFooters {

    private static final int CAPACITY = 4096;

    private final MinioStorage storage;
    private final Map<String, ParquetMetadata> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParquetMetadata> eldest) {
            return size() > CAPACITY;
        }
    };

    public ParquetFooters(MinioStorage storage) {
        this.storage = storage;
    }

    public ParquetMetadata footer(String bucket, String key, long size) {
        String id = bucket + "/" + key + "#" + size;
        synchronized (cache) {
            ParquetMetadata cached = cache.get(id);
            if (cached != null) {
                return cached;
            }
        }
        ParquetMetadata footer = read(storage.inputFile(bucket, key, size));
        synchronized (cache) {
            cache.put(id, footer);
        }
        return footer;
    }

    static ParquetMetadata read(S3InputFile file) {
        try (ParquetFileReader reader = ParquetFileReader.open(file)) {
            return reader.getFooter();
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof AthenaConnectorException connectorError) {
                    throw connectorError;
                }
            }
            throw notParquet(file.location(), e);
        }
    }

    public static AthenaConnectorException notParquet(String location, Exception cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (reason.contains(" is not a Parquet file")) {
            reason = "it is not a parquet file (no PAR1 magic bytes at its end)";
        } else if (reason.length() > 200) {
            reason = reason.substring(0, 200) + "…";
        }
        return ConnectorErrors.invalidInput(location + " cannot be read as parquet: " + reason
                + ". Remove it from the table folder or replace it with a valid parquet file.");
    }
}
