output "kms_key_arn" {
  description = "KMS key of the exports and the lake (pass it to StartExportTask as KmsKeyId)."
  value       = aws_kms_key.this.arn
}

output "kms_key_alias" {
  description = "Alias of the export key."
  value       = aws_kms_alias.this.name
}

output "export_bucket_name" {
  description = "Bucket RDS exports into and the lake lives in."
  value       = module.export_bucket.name
}

output "export_bucket_arn" {
  description = "ARN of the export bucket."
  value       = module.export_bucket.arn
}

output "export_prefix" {
  description = "Prefix RDS writes exports under (StartExportTask S3Prefix)."
  value       = var.export_prefix
}

output "lake_prefix" {
  description = "Prefix of the lake layout the crawler catalogues."
  value       = var.lake_prefix
}

output "export_role_arn" {
  description = "Role RDS assumes to write exports (StartExportTask IamRoleArn; export-service needs iam:PassRole on it)."
  value       = aws_iam_role.export.arn
}

output "rds_events_queue_url" {
  description = "URL of the rds-events queue export-service consumes."
  value       = module.rds_events.url
}

output "rds_events_queue_arn" {
  description = "ARN of the rds-events queue."
  value       = module.rds_events.arn
}

output "rds_events_queue_name" {
  description = "Name of the rds-events queue (the scaling metric's QueueName)."
  value       = module.rds_events.name
}

output "rds_events_dlq_url" {
  description = "URL of the rds-events dead-letter queue."
  value       = module.rds_events.dlq_url
}

output "rds_events_dlq_arn" {
  description = "ARN of the rds-events dead-letter queue."
  value       = module.rds_events.dlq_arn
}

output "event_rule_arns" {
  description = "EventBridge rules feeding rds-events, by kind (db_snapshot, cluster_snapshot, crawler)."
  value       = { for k, r in aws_cloudwatch_event_rule.this : k => r.arn }
}

output "glue_database_name" {
  description = "Glue database of the lake tables (Athena: \"AwsDataCatalog\".\"<database>\".\"<table>\")."
  value       = aws_glue_catalog_database.this.name
}

output "layout_mode" {
  description = "Lake layout export-service must use (ATHENA_LAKE_LAYOUT_MODE): replace or snapshots."
  value       = var.layout_mode
}

output "glue_staging_database_name" {
  description = "replace layout: Glue database the crawler writes (one partition per export), which export-service switches the lake tables from. Null in the snapshots layout."
  value       = one(aws_glue_catalog_database.staging[*].name)
}

output "glue_database_arn" {
  description = "ARN of the Glue database."
  value       = aws_glue_catalog_database.this.arn
}

output "crawler_name" {
  description = "Name of the lake crawler (export-service starts it)."
  value       = aws_glue_crawler.this.name
}

output "crawler_arn" {
  description = "ARN of the lake crawler."
  value       = aws_glue_crawler.this.arn
}

output "crawler_role_arn" {
  description = "Role of the lake crawler."
  value       = aws_iam_role.crawler.arn
}

output "crawler_log_group_name" {
  description = "CloudWatch log group the crawler writes to (shared by every crawler of the account and region)."
  value       = "/aws-glue/crawlers"
}
