# The whole of athena-lake in one `terraform apply`: the lake fed by RDS snapshot
# exports, the two federated connectors, the query workgroup and queues, and the two
# services.

module "snapshot_export" {
  source = "../../modules/snapshot-export"

  name_prefix           = var.name_prefix
  export_bucket_name    = "${var.bucket_name_prefix}-exports"
  glue_database_name    = replace(var.name_prefix, "-", "_")
  layout_mode           = var.lake_layout_mode
  export_principal_arns = [module.services.export_service_task_role_arn]

  manage_crawler_log_group = var.manage_crawler_log_group
}

module "query" {
  source = "../../modules/query"

  name_prefix                    = var.name_prefix
  workgroup_name                 = var.name_prefix
  results_bucket_name            = "${var.bucket_name_prefix}-results"
  bytes_scanned_cutoff_per_query = var.bytes_scanned_cutoff_per_query
}

module "postgres_connector" {
  source = "../../modules/postgres-connector"

  name              = "${var.name_prefix}-postgres"
  catalog_name      = "postgres"
  secret_name       = "${var.name_prefix}/postgres-read-only"
  spill_bucket_name = "${var.bucket_name_prefix}-postgres-spill"

  secret_recovery_window_in_days = var.secret_recovery_window_in_days

  database = {
    host            = var.postgres.host
    port            = var.postgres.port
    name            = var.postgres.name
    jdbc_parameters = var.postgres.jdbc_parameters
  }
  database_security_group_id = var.postgres.security_group_id
  vpc_id                     = var.vpc_id
  subnet_ids                 = var.private_subnet_ids
}

# connector-service's zip is larger than Lambda's direct upload limit: it goes through S3.
module "artifacts" {
  source = "../../modules/private-bucket"

  name       = "${var.bucket_name_prefix}-artifacts"
  versioning = true
}

module "minio_connector" {
  source = "../../modules/minio-connector"

  name              = "${var.name_prefix}-minio"
  catalog_name      = "minio"
  secret_name       = "${var.name_prefix}/minio"
  spill_bucket_name = "${var.bucket_name_prefix}-minio-spill"
  snap_start        = var.connector_snap_start

  secret_recovery_window_in_days = var.secret_recovery_window_in_days

  package = {
    file      = var.connector_package_file
    s3_bucket = module.artifacts.name
    s3_key    = "connector-service/function.zip"
  }

  minio = {
    bucket_prefix = var.minio.bucket_prefix
    tables_path   = var.minio.tables_path
    scheme        = var.minio.scheme
  }

  vpc = {
    vpc_id            = var.vpc_id
    subnet_ids        = var.private_subnet_ids
    minio_port        = var.minio.port
    minio_cidr_blocks = var.minio.cidr_blocks
  }
}

module "services" {
  source = "../../modules/services"

  name_prefix        = var.name_prefix
  vpc_id             = var.vpc_id
  private_subnet_ids = var.private_subnet_ids

  load_balancer = {
    subnet_ids          = var.load_balancer_subnet_ids
    internal            = var.load_balancer_internal
    ingress_cidr_blocks = var.load_balancer_ingress_cidr_blocks
    certificate_arn     = var.certificate_arn
  }
  allow_plain_http_internet_facing = var.allow_plain_http_internet_facing

  export_service = {
    image   = var.export_service_image
    sources = var.export_sources
  }

  query_service = {
    image = var.query_service_image
  }

  lake = {
    export_bucket_name         = module.snapshot_export.export_bucket_name
    export_bucket_arn          = module.snapshot_export.export_bucket_arn
    export_prefix              = module.snapshot_export.export_prefix
    lake_prefix                = module.snapshot_export.lake_prefix
    kms_key_arn                = module.snapshot_export.kms_key_arn
    export_role_arn            = module.snapshot_export.export_role_arn
    crawler_name               = module.snapshot_export.crawler_name
    crawler_arn                = module.snapshot_export.crawler_arn
    glue_database_name         = module.snapshot_export.glue_database_name
    layout_mode                = module.snapshot_export.layout_mode
    glue_staging_database_name = module.snapshot_export.glue_staging_database_name
    rds_events_queue_url       = module.snapshot_export.rds_events_queue_url
    rds_events_queue_arn       = module.snapshot_export.rds_events_queue_arn
    rds_events_queue_name      = module.snapshot_export.rds_events_queue_name
    rds_events_dlq_url         = module.snapshot_export.rds_events_dlq_url
    rds_events_dlq_arn         = module.snapshot_export.rds_events_dlq_arn
  }

  query = {
    workgroup_name             = module.query.workgroup_name
    workgroup_arn              = module.query.workgroup_arn
    output_location            = module.query.output_location
    results_bucket_arn         = module.query.results_bucket_arn
    results_kms_key_arn        = module.query.kms_key_arn
    query_requests_queue_url   = module.query.query_requests_queue_url
    query_requests_queue_arn   = module.query.query_requests_queue_arn
    query_results_queue_url    = module.query.query_results_queue_url
    query_results_queue_arn    = module.query.query_results_queue_arn
    lake_events_queue_url      = module.query.lake_events_queue_url
    lake_events_queue_arn      = module.query.lake_events_queue_arn
    query_requests_dlq_url     = module.query.query_requests_dlq_url
    query_requests_dlq_arn     = module.query.query_requests_dlq_arn
    lake_events_dlq_url        = module.query.lake_events_dlq_url
    lake_events_dlq_arn        = module.query.lake_events_dlq_arn
    schedule_firings_queue_url = module.query.schedule_firings_queue_url
    schedule_firings_queue_arn = module.query.schedule_firings_queue_arn
    schedule_firings_dlq_url   = module.query.schedule_firings_dlq_url
    schedule_firings_dlq_arn   = module.query.schedule_firings_dlq_arn
  }

  connectors = [
    {
      catalog_name      = module.postgres_connector.catalog_name
      function_arn      = module.postgres_connector.function_arn
      spill_bucket_arn  = module.postgres_connector.spill_bucket_arn
      spill_kms_key_arn = module.postgres_connector.spill_kms_key_arn
    },
    {
      catalog_name      = module.minio_connector.catalog_name
      function_arn      = module.minio_connector.function_arn
      spill_bucket_arn  = module.minio_connector.spill_bucket_arn
      spill_kms_key_arn = module.minio_connector.spill_kms_key_arn
    },
  ]
}
