package io.athenalake.connector.handler;

import com.amazonaws.athena.connector.lambda.QueryStatusChecker;
import com.amazonaws.athena.connector.lambda.data.Block;
import com.amazonaws.athena.connector.lambda.data.BlockAllocator;
import com.amazonaws.athena.connector.lambda.data.BlockWriter;
import com.amazonaws.athena.connector.lambda.domain.Split;
import com.amazonaws.athena.connector.lambda.domain.TableName;
import com.amazonaws.athena.connector.lambda.domain.spill.S3SpillLocation;
import com.amazonaws.athena.connector.lambda.domain.spill.SpillLocation;
import com.amazonaws.athena.connector.lambda.handlers.MetadataHandler;
import com.amazonaws.athena.connector.lambda.metadata.GetDataSourceCapabilitiesRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetDataSourceCapabilitiesResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableResponse;
import com.amazonaws.athena.connector.lambda.metadata.ListSchemasRequest;
import com.amazonaws.athena.connector.lambda.metadata.ListSchemasResponse;
import com.amazonaws.athena.connector.lambda.metadata.ListTablesRequest;
import com.amazonaws.athena.connector.lambda.metadata.ListTablesResponse;
import com.amazonaws.athena.connector.lambda.metadata.MetadataRequest;
import com.amazonaws.athena.connector.lambda.metadata.optimizations.DataSourceOptimizations;
import com.amazonaws.athena.connector.lambda.metadata.optimizations.OptimizationSubType;
import com.amazonaws.athena.connector.lambda.metadata.optimizations.pushdown.FilterPushdownSubType;
import com.amazonaws.athena.connector.lambda.metadata.optimizations.pushdown.LimitPushdownSubType;
import com.amazonaws.athena.connector.lambda.request.PingRequest;
import com.amazonaws.athena.connector.lambda.request.PingResponse;
import com.amazonaws.athena.connector.lambda.security.EncryptionKeyFactory;
import io.athenalake.connector.config.ConnectorSettings;
import io.athenalake.connector.mapping.DataFile;
import io.athenalake.connector.mapping.LakeCatalog;
import io.athenalake.connector.mapping.Names;
import io.athenalake.connector.mapping.TableLocation;
import io.athenalake.connector.parquet.ParquetFooters;
import io.athenalake.connector.parquet.ParquetPredicate;
import io.athenalake.connector.parquet.SplitPlanner;
import io.athenalake.connector.parquet.SplitProperties;
import io.athenalake.connector.parquet.TableSchema;
import io.athenalake.connector.spill.SpillBucketCheck;
import org.apache.arrow.vector.complex.reader.FieldReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The metadata half of the protocol: databases are buckets, tables are folders, schemas come from the
 * parquet footers, partitions from {@code key=value} folders, and splits are files or row-group ranges
 * that survive partition pruning and the row groups' statistics.
 */
public class MinioMetadataHandler extends MetadataHandler {

    private final ConnectorSettings settings;
    private final LakeCatalog catalog;
    private final ParquetFooters footers;
    private final SpillBucketCheck spillCheck;

    public MinioMetadataHandler(ConnectorSettings settings, EncryptionKeyFactory keyFactory, SecretsManagerClient secretsManager,
                                AthenaClient athena, LakeCatalog catalog, ParquetFooters footers, SpillBucketCheck spillCheck) {
        // The spill bucket is given to the SDK as null on purpose: its own check (HeadBucket with a client of its
        // making) cannot name the missing permission; SpillBucketCheck does, and makeSpillLocation uses our bucket.
        super(keyFactory, secretsManager, athena, ConnectorSettings.SOURCE_TYPE, null, settings.spillPrefix(), settings.sdkOptions());
        this.settings = settings;
        this.catalog = catalog;
        this.footers = footers;
        this.spillCheck = spillCheck;
    }

    @Override
    public PingResponse doPing(PingRequest request) {
        spillCheck.verify();
        return super.doPing(request);
    }

    @Override
    public GetDataSourceCapabilitiesResponse doGetDataSourceCapabilities(BlockAllocator allocator, GetDataSourceCapabilitiesRequest request) {
        Map<String, List<OptimizationSubType>> capabilities = new HashMap<>();
        Map.Entry<String, List<OptimizationSubType>> filter = DataSourceOptimizations.SUPPORTS_FILTER_PUSHDOWN
                .withSupportedSubTypes(FilterPushdownSubType.SORTED_RANGE_SET, FilterPushdownSubType.NULLABLE_COMPARISON);
        Map.Entry<String, List<OptimizationSubType>> limit = DataSourceOptimizations.SUPPORTS_LIMIT_PUSHDOWN
                .withSupportedSubTypes(LimitPushdownSubType.INTEGER_CONSTANT);
        capabilities.put(filter.getKey(), filter.getValue());
        capabilities.put(limit.getKey(), limit.getValue());
        return new GetDataSourceCapabilitiesResponse(request.getCatalogName(), capabilities);
    }

    @Override
    public ListSchemasResponse doListSchemaNames(BlockAllocator allocator, ListSchemasRequest request) {
        return new ListSchemasResponse(request.getCatalogName(), catalog.databases());
    }

    @Override
    public ListTablesResponse doListTables(BlockAllocator allocator, ListTablesRequest request) {
        String database = Names.athenaName(request.getSchemaName());
        List<String> tables = catalog.tables(database);
        int start = 0;
        if (request.getNextToken() != null) {
            while (start < tables.size() && tables.get(start).compareTo(request.getNextToken()) < 0) {
                start++;
            }
        }
        int pageSize = request.getPageSize();
        int end = pageSize == ListTablesRequest.UNLIMITED_PAGE_SIZE_VALUE || pageSize <= 0
                ? tables.size() : Math.min(tables.size(), start + pageSize);
        List<TableName> page = tables.subList(start, end).stream().map(table -> new TableName(database, table)).toList();
        String nextToken = end < tables.size() ? tables.get(end) : null;
        return new ListTablesResponse(request.getCatalogName(), page, nextToken);
    }

    @Override
    public GetTableResponse doGetTable(BlockAllocator allocator, GetTableRequest request) {
        TableName name = lowerCase(request.getTableName());
        TableLocation location = catalog.table(name.getSchemaName(), name.getTableName());
        List<DataFile> files = catalog.files(location);
        TableSchema schema = TableSchema.merge(location.uri(), files,
                file -> footers.footer(file.bucket(), file.key(), file.size()).getFileMetaData().getSchema());
        return new GetTableResponse(request.getCatalogName(), name, schema.schema(), new LinkedHashSet<>(schema.partitionColumns()));
    }

    @Override
    public void getPartitions(BlockWriter writer, GetTableLayoutRequest request, QueryStatusChecker status) {
        TableName name = lowerCase(request.getTableName());
        TableLocation location = catalog.table(name.getSchemaName(), name.getTableName());
        Set<Map<String, String>> partitions = new LinkedHashSet<>();
        for (DataFile file : catalog.files(location)) {
            partitions.add(file.partitionValues());
        }
        for (Map<String, String> partition : partitions) {
            writer.writeRows((block, row) -> {
                boolean matches = true;
                for (String column : request.getPartitionCols()) {
                    matches &= block.offerValue(column, row, partition.get(column));
                }
                return matches ? 1 : 0;
            });
        }
    }

    @Override
    public GetSplitsResponse doGetSplits(BlockAllocator allocator, GetSplitsRequest request) {
        spillCheck.verify();
        TableName name = lowerCase(request.getTableName());
        TableLocation location = catalog.table(name.getSchemaName(), name.getTableName());
        List<String> partitionColumns = request.getPartitionCols();
        Map<Map<String, String>, List<DataFile>> filesByPartition = new LinkedHashMap<>();
        for (DataFile file : catalog.files(location)) {
            filesByPartition.computeIfAbsent(file.partitionValues(), p -> new ArrayList<>()).add(file);
        }
        List<List<DataFile>> selected = new ArrayList<>();
        Block partitions = request.getPartitions();
        if (partitionColumns.isEmpty()) {
            selected.add(filesByPartition.values().stream().flatMap(List::stream).toList());
        } else {
            for (int row = 0; row < partitions.getRowCount(); row++) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String column : partitionColumns) {
                    FieldReader reader = partitions.getFieldReader(column);
                    reader.setPosition(row);
                    Object value = reader.readObject();
                    values.put(column, value == null ? null : value.toString());
                }
                selected.add(filesByPartition.getOrDefault(values, List.of()));
            }
        }

        int partitionIndex = 0;
        int fileIndex = 0;
        if (request.hasContinuationToken()) {
            String[] token = request.getContinuationToken().split(":");
            partitionIndex = Integer.parseInt(token[0]);
            fileIndex = Integer.parseInt(token[1]);
        }
        Set<Split> splits = new LinkedHashSet<>();
        for (int p = partitionIndex; p < selected.size(); p++) {
            List<DataFile> files = selected.get(p);
            for (int f = (p == partitionIndex ? fileIndex : 0); f < files.size(); f++) {
                if (splits.size() >= settings.maxSplitsPerResponse()) {
                    return new GetSplitsResponse(request.getCatalogName(), splits, p + ":" + f);
                }
                DataFile file = files.get(f);
                ParquetMetadata footer = footers.footer(file.bucket(), file.key(), file.size());
                ParquetPredicate predicate = ParquetPredicate.of(request.getConstraints().getSummary(),
                        footer.getFileMetaData().getSchema(), partitionColumns);
                for (SplitPlanner.ByteRange range : SplitPlanner.plan(footer, file.size(), predicate, settings.splitTargetBytes())) {
                    Split.Builder split = Split.newBuilder(makeSpillLocation(request), makeEncryptionKey());
                    splits.add(SplitProperties.of(file, range).addTo(split).build());
                }
            }
        }
        return new GetSplitsResponse(request.getCatalogName(), splits, null);
    }

    @Override
    protected SpillLocation makeSpillLocation(MetadataRequest request) {
        return S3SpillLocation.newBuilder()
                .withBucket(settings.spillBucket())
                .withPrefix(settings.spillPrefix())
                .withQueryId(request.getQueryId())
                .withSplitId(UUID.randomUUID().toString())
                .build();
    }

    private static TableName lowerCase(TableName name) {
        return new TableName(Names.athenaName(name.getSchemaName()), Names.athenaName(name.getTableName()));
    }
}
