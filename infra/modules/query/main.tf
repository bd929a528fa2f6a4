# Where queries run and where their results and messages go: the Athena workgroup,
# its results bucket and the query queues.

data "aws_caller_identity" "current" {}

locals {
  create_key  = var.kms_key_arn == null
  kms_key_arn = local.create_key ? aws_kms_key.this[0].arn : var.kms_key_arn
}

resource "aws_kms_key" "this" {
  count = local.create_key ? 1 : 0

  description             = "${var.name_prefix}: Athena query results"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  count = local.create_key ? 1 : 0

  name          = "alias/${var.name_prefix}-query-results"
  target_key_id = aws_kms_key.this[0].key_id
}

module "results_bucket" {
  source = "../private-bucket"

  name              = var.results_bucket_name
  kms_key_arn       = local.kms_key_arn
  expiration_days   = var.results_expiration_days
  expiration_prefix = var.results_prefix
  force_destroy     = var.force_destroy
  tags              = var.tags
}

resource "aws_athena_workgroup" "this" {
  name          = var.workgroup_name
  description   = "athena-lake queries (${var.name_prefix})"
  state         = "ENABLED"
  force_destroy = var.force_destroy

  configuration {
    # Clients cannot override the output location, encryption or cutoff.
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query

    engine_version {
      selected_engine_version = "Athena engine version 3"
    }

    result_configuration {
      output_location       = "s3://${module.results_bucket.name}/${var.results_prefix}"
      expected_bucket_owner = data.aws_caller_identity.current.account_id

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = local.kms_key_arn
      }
    }
  }

  tags = var.tags
}

module "query_requests" {
  source = "../queue"

  name                       = "${var.name_prefix}-query-requests"
  max_receive_count          = var.queue_max_receive_count
  visibility_timeout_seconds = var.query_requests_visibility_timeout_seconds
  kms_key_arn                = var.queue_kms_key_arn
  tags                       = var.tags
}

module "query_results" {
  source = "../queue"

  name              = "${var.name_prefix}-query-results"
  max_receive_count = var.queue_max_receive_count
  kms_key_arn       = var.queue_kms_key_arn
  tags              = var.tags
}

module "lake_events" {
  source = "../queue"

  name                       = "${var.name_prefix}-lake-events"
  max_receive_count          = var.queue_max_receive_count
  visibility_timeout_seconds = 300
  kms_key_arn                = var.queue_kms_key_arn
  tags                       = var.tags
}

# Every replica of query-service sends each firing of a schedule here (group: the schedule,
# deduplication id: schedule@firing), so SQS keeps one message per firing and one replica runs
# and announces it. query-service receives with its own visibility timeout and extends it while
# the query runs, as on lake-events.
module "schedule_firings" {
  source = "../queue"

  name                       = "${var.name_prefix}-schedule-firings"
  fifo                       = true
  max_receive_count          = var.queue_max_receive_count
  visibility_timeout_seconds = 300
  kms_key_arn                = var.queue_kms_key_arn
  tags                       = var.tags
}
