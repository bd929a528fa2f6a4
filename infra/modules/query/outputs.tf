output "workgroup_name" {
  description = "Athena workgroup (aws athena start-query-execution --work-group ...)."
  value       = aws_athena_workgroup.this.name
}

output "workgroup_arn" {
  description = "ARN of the Athena workgroup."
  value       = aws_athena_workgroup.this.arn
}

output "results_bucket_name" {
  description = "Query results bucket."
  value       = module.results_bucket.name
}

output "results_bucket_arn" {
  description = "ARN of the query results bucket."
  value       = module.results_bucket.arn
}

output "output_location" {
  description = "Where the workgroup writes results."
  value       = "s3://${module.results_bucket.name}/${var.results_prefix}"
}

output "kms_key_arn" {
  description = "KMS key of the query results."
  value       = local.kms_key_arn
}

output "query_requests_queue_url" {
  description = "URL of query-requests (send QueryRequest messages here)."
  value       = module.query_requests.url
}

output "query_requests_queue_arn" {
  description = "ARN of query-requests."
  value       = module.query_requests.arn
}

output "query_requests_dlq_url" {
  description = "URL of the query-requests dead-letter queue."
  value       = module.query_requests.dlq_url
}

output "query_requests_dlq_arn" {
  description = "ARN of the query-requests dead-letter queue."
  value       = module.query_requests.dlq_arn
}

output "query_requests_redrive_policy" {
  description = "Redrive policy of query-requests (JSON)."
  value       = module.query_requests.redrive_policy
}

output "query_results_queue_url" {
  description = "URL of query-results (QueryCompleted / QueryFailed)."
  value       = module.query_results.url
}

output "query_results_queue_arn" {
  description = "ARN of query-results."
  value       = module.query_results.arn
}

output "query_results_dlq_url" {
  description = "URL of the query-results dead-letter queue."
  value       = module.query_results.dlq_url
}

output "query_results_dlq_arn" {
  description = "ARN of the query-results dead-letter queue."
  value       = module.query_results.dlq_arn
}

output "query_results_redrive_policy" {
  description = "Redrive policy of query-results (JSON)."
  value       = module.query_results.redrive_policy
}

output "lake_events_queue_url" {
  description = "URL of lake-events (ExportStarted / ExportCompleted / ExportFailed / CatalogRefreshed)."
  value       = module.lake_events.url
}

output "lake_events_queue_arn" {
  description = "ARN of lake-events."
  value       = module.lake_events.arn
}

output "lake_events_dlq_url" {
  description = "URL of the lake-events dead-letter queue."
  value       = module.lake_events.dlq_url
}

output "lake_events_dlq_arn" {
  description = "ARN of the lake-events dead-letter queue."
  value       = module.lake_events.dlq_arn
}

output "lake_events_redrive_policy" {
  description = "Redrive policy of lake-events (JSON)."
  value       = module.lake_events.redrive_policy
}

output "schedule_firings_queue_url" {
  description = "URL of schedule-firings (FIFO: one message per schedule firing, whatever the number of query-service replicas)."
  value       = module.schedule_firings.url
}

output "schedule_firings_queue_arn" {
  description = "ARN of schedule-firings."
  value       = module.schedule_firings.arn
}

output "schedule_firings_dlq_url" {
  description = "URL of the schedule-firings dead-letter queue (FIFO)."
  value       = module.schedule_firings.dlq_url
}

output "schedule_firings_dlq_arn" {
  description = "ARN of the schedule-firings dead-letter queue (FIFO)."
  value       = module.schedule_firings.dlq_arn
}

output "schedule_firings_redrive_policy" {
  description = "Redrive policy of schedule-firings (JSON)."
  value       = module.schedule_firings.redrive_policy
}

output "queue_kms_key_arn" {
  description = "KMS key of the queues; null with SSE-SQS."
  value       = var.queue_kms_key_arn
}
