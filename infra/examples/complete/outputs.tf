output "catalogs" {
  description = "Athena catalogs to query: the lake (Glue) and the two federated ones."
  value = {
    lake     = "AwsDataCatalog"
    postgres = module.postgres_connector.catalog_name
    minio    = module.minio_connector.catalog_name
  }
}

output "lake_database" {
  description = "Glue database of the lake tables (\"AwsDataCatalog\".\"<this>\".\"<table>\")."
  value       = module.snapshot_export.glue_database_name
}

output "workgroup_name" {
  description = "Athena workgroup (--work-group)."
  value       = module.query.workgroup_name
}

output "query_results_location" {
  description = "Where the workgroup writes results."
  value       = module.query.output_location
}

output "query_service_url" {
  description = "Base URL of query-service's REST API (POST <url>/queries)."
  value       = module.services.query_service_url
}

output "queue_urls" {
  description = "SQS queue URLs by name."
  value = {
    rds-events       = module.snapshot_export.rds_events_queue_url
    query-requests   = module.query.query_requests_queue_url
    query-results    = module.query.query_results_queue_url
    lake-events      = module.query.lake_events_queue_url
    schedule-firings = module.query.schedule_firings_queue_url
  }
}

output "dead_letter_queue_arns" {
  description = "Dead-letter queue ARNs by queue name (alarm on their depth)."
  value = {
    rds-events       = module.snapshot_export.rds_events_dlq_arn
    query-requests   = module.query.query_requests_dlq_arn
    query-results    = module.query.query_results_dlq_arn
    lake-events      = module.query.lake_events_dlq_arn
    schedule-firings = module.query.schedule_firings_dlq_arn
  }
}

output "secret_names" {
  description = "Secrets to fill before the first federated query."
  value = {
    postgres = module.postgres_connector.secret_name
    minio    = module.minio_connector.secret_name
  }
}

output "export_bucket_name" {
  description = "Bucket of the RDS exports and the lake."
  value       = module.snapshot_export.export_bucket_name
}

output "ecs_cluster_name" {
  description = "ECS cluster of the services."
  value       = module.services.cluster_name
}

output "log_group_names" {
  description = "CloudWatch log groups of the services."
  value       = module.services.log_group_names
}
