################################################################################
# Roles of the two services: one execution role (pull image, write logs) and one
# task role per service, each allowed exactly what that service does.
################################################################################

data "aws_iam_policy_document" "ecs_tasks_assume_role" {
  statement {
    sid     = "EcsTasksAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    # Confused-deputy protection: only ECS tasks of this account.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name_prefix}-ecs-execution"
  description        = "Pulls the athena-lake service images and writes their logs"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume_role.json
  tags               = var.tags
}

data "aws_iam_policy_document" "execution" {
  dynamic "statement" {
    for_each = length(local.ecr_repository_arns) == 0 ? [] : [1]

    # "*": ecr:GetAuthorizationToken has no resource-level permissions.
    content {
      sid       = "EcrLogin"
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = length(local.ecr_repository_arns) == 0 ? [] : [local.ecr_repository_arns]

    content {
      sid = "PullServiceImages"
      actions = [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
      ]
      resources = statement.value
    }
  }

  statement {
    sid = "WriteServiceLogs"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = [for g in aws_cloudwatch_log_group.this : "${g.arn}:*"]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-and-log"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

################################################################################
# export-service
################################################################################

resource "aws_iam_role" "export_service" {
  name               = "${var.name_prefix}-export-service"
  description        = "export-service: RDS snapshot export into the lake"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume_role.json
  tags               = var.tags
}

data "aws_iam_policy_document" "export_service" {
  # "*": StartExportTask, DescribeExportTasks and CancelExportTask have no resource
  # types in IAM; what an export may touch is bounded by the export role passed below.
  statement {
    sid = "RdsExportTasks"
    actions = [
      "rds:StartExportTask",
      "rds:DescribeExportTasks",
      "rds:CancelExportTask",
    ]
    resources = ["*"]
  }

  statement {
    sid = "RdsDescribeSnapshots"
    actions = [
      "rds:DescribeDBSnapshots",
      "rds:DescribeDBClusterSnapshots",
    ]
    resources = [
      "arn:${local.partition}:rds:${local.region}:${local.account_id}:db:*",
      "arn:${local.partition}:rds:${local.region}:${local.account_id}:cluster:*",
      "arn:${local.partition}:rds:${local.region}:${local.account_id}:snapshot:*",
      "arn:${local.partition}:rds:${local.region}:${local.account_id}:cluster-snapshot:*",
    ]
  }

  statement {
    sid       = "PassExportRole"
    actions   = ["iam:PassRole"]
    resources = [var.lake.export_role_arn]
  }

  # StartExportTask creates a grant on the export key for the RDS export service.
  statement {
    sid       = "ExportKeyGrantForRds"
    actions   = ["kms:CreateGrant"]
    resources = [var.lake.kms_key_arn]

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }

  statement {
    sid       = "ExportKeyDescribe"
    actions   = ["kms:DescribeKey"]
    resources = [var.lake.kms_key_arn]
  }

  # Moving exports into the lake: server-side copies read and write encrypted objects.
  statement {
    sid = "ExportKeyThroughS3"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]
    resources = [var.lake.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid = "ExportAndLakeObjects"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
    ]
    resources = [
      "${var.lake.export_bucket_arn}/${var.lake.export_prefix}*",
      "${var.lake.export_bucket_arn}/${var.lake.lake_prefix}*",
    ]
  }

  statement {
    sid       = "ListExportsAndLake"
    actions   = ["s3:ListBucket"]
    resources = [var.lake.export_bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values = [
        var.lake.export_prefix,
        "${var.lake.export_prefix}*",
        var.lake.lake_prefix,
        "${var.lake.lake_prefix}*",
      ]
    }
  }

  statement {
    sid = "RunLakeCrawler"
    actions = [
      "glue:StartCrawler",
      "glue:GetCrawler",
    ]
    resources = [var.lake.crawler_arn]
  }

  # A table dropped at the source leaves the lake with the next export: export-service deletes
  # its folder's objects and its Glue table itself (the crawler's DeleteBehavior LOG would keep
  # it). In the replace layout export-service also switches each live table to its new export:
  # reads it (GetTable, for its VersionId) and updates its Location and Columns in one
  # UpdateTable, or creates it. AWS requires permission on the table, its database and the
  # catalog for a table action.
  statement {
    sid     = local.replace_layout ? "SwitchLakeTables" : "DropTablesDroppedAtTheSource"
    actions = local.replace_layout ? ["glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable"] : ["glue:DeleteTable"]
    resources = [
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/${var.lake.glue_database_name}",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${var.lake.glue_database_name}/*",
    ]
  }

  # replace layout: the crawler catalogues each export as a partition of the staging database;
  # export-service reads the partition it switches the live table to, and nothing else there.
  dynamic "statement" {
    for_each = local.replace_layout ? [var.lake.glue_staging_database_name] : []

    content {
      sid     = "ReadStagingPartitions"
      actions = ["glue:GetPartition"]
      resources = [
        "arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog",
        "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/${statement.value}",
        "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${statement.value}/*",
      ]
    }
  }

  # SendMessage: an event that waits longer than the queue's maxReceiveCount allows (export quota,
  # crawler running) is sent again to the same queue instead of being dead-lettered.
  statement {
    sid = "ConsumeRdsEvents"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:SendMessage",
    ]
    resources = [var.lake.rds_events_queue_arn]
  }

  # A malformed event is moved to rds-events' dead-letter queue at once, with the reason as a
  # message attribute (the SQS edge's DeadLetters), as query-service does with its queues.
  statement {
    sid       = "DeadLetterMalformedEvents"
    actions   = ["sqs:SendMessage"]
    resources = [var.lake.rds_events_dlq_arn]
  }

  statement {
    sid = "PublishLakeEvents"
    actions = [
      "sqs:SendMessage",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
    ]
    resources = [var.query.lake_events_queue_arn]
  }

  dynamic "statement" {
    for_each = length(var.queue_kms_key_arns) == 0 ? [] : [var.queue_kms_key_arns]

    content {
      sid = "QueueKeysThroughSqs"
      actions = [
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ]
      resources = statement.value

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["sqs.${local.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "export_service" {
  name   = "export-service"
  role   = aws_iam_role.export_service.id
  policy = data.aws_iam_policy_document.export_service.json
}

################################################################################
# query-service
################################################################################

resource "aws_iam_role" "query_service" {
  name               = "${var.name_prefix}-query-service"
  description        = "query-service: Athena queries over the lake and the federated catalogs"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume_role.json
  tags               = var.tags
}

data "aws_iam_policy_document" "query_service" {
  statement {
    sid = "AthenaQueriesInWorkgroup"
    actions = [
      "athena:StartQueryExecution",
      "athena:GetQueryExecution",
      "athena:GetQueryResults",
      "athena:GetQueryRuntimeStatistics",
      "athena:StopQueryExecution",
      "athena:ListQueryExecutions",
      "athena:BatchGetQueryExecution",
      "athena:GetWorkGroup",
    ]
    resources = [var.query.workgroup_arn]
  }

  statement {
    sid     = "AthenaCatalogs"
    actions = ["athena:GetDataCatalog"]
    resources = concat(
      ["arn:${local.partition}:athena:${local.region}:${local.account_id}:datacatalog/AwsDataCatalog"],
      [for c in var.connectors : "arn:${local.partition}:athena:${local.region}:${local.account_id}:datacatalog/${c.catalog_name}"],
    )
  }

  statement {
    sid = "GlueReadLakeTables"
    actions = [
      "glue:GetDatabase",
      "glue:GetDatabases",
      "glue:GetTable",
      "glue:GetTables",
      "glue:GetPartition",
      "glue:GetPartitions",
      "glue:BatchGetPartition",
    ]
    resources = [
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/default",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/${var.lake.glue_database_name}",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${var.lake.glue_database_name}/*",
    ]
  }

  # Athena reads the lake with the caller's credentials.
  statement {
    sid       = "ReadLake"
    actions   = ["s3:GetObject"]
    resources = ["${var.lake.export_bucket_arn}/${var.lake.lake_prefix}*"]
  }

  statement {
    sid = "ListLake"
    actions = [
      "s3:ListBucket",
      "s3:GetBucketLocation",
    ]
    resources = [var.lake.export_bucket_arn]
  }

  statement {
    sid = "QueryResultsObjects"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${var.query.results_bucket_arn}/*"]
  }

  statement {
    sid = "QueryResultsBucket"
    actions = [
      "s3:ListBucket",
      "s3:GetBucketLocation",
      "s3:ListBucketMultipartUploads",
    ]
    resources = [var.query.results_bucket_arn]
  }

  dynamic "statement" {
    for_each = length(var.connectors) == 0 ? [] : [1]

    # Athena invokes the connectors with the caller's credentials (":*" covers the
    # SnapStart alias and versions).
    content {
      sid     = "InvokeConnectors"
      actions = ["lambda:InvokeFunction"]
      resources = flatten([
        for c in var.connectors : [c.function_arn, "${c.function_arn}:*"]
      ])
    }
  }

  dynamic "statement" {
    for_each = length(var.connectors) == 0 ? [] : [1]

    # Results over the connectors' inline limit are read from their spill buckets
    # with the caller's credentials.
    content {
      sid       = "ReadConnectorSpill"
      actions   = ["s3:GetObject"]
      resources = [for c in var.connectors : "${c.spill_bucket_arn}/*"]
    }
  }

  dynamic "statement" {
    for_each = length(var.connectors) == 0 ? [] : [1]

    content {
      sid = "ListConnectorSpill"
      actions = [
        "s3:ListBucket",
        "s3:GetBucketLocation",
      ]
      resources = [for c in var.connectors : c.spill_bucket_arn]
    }
  }

  # SSE_KMS results, the lake and the spill are encrypted and decrypted by S3 on behalf of the
  # caller (Athena writing results, Athena and query-service reading objects): through S3 only.
  statement {
    sid = "EncryptQueryResults"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]
    resources = [var.query.results_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid     = "DecryptLakeAndSpill"
    actions = ["kms:Decrypt"]
    resources = distinct(compact(concat(
      [var.lake.kms_key_arn],
      [for c in var.connectors : c.spill_kms_key_arn],
    )))

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid = "ConsumeQueryRequestsAndLakeEvents"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
    ]
    resources = [
      var.query.query_requests_queue_arn,
      var.query.lake_events_queue_arn,
    ]
  }

  # Every replica sends each firing of a schedule (FIFO: SQS keeps one message per firing);
  # the replica that receives it keeps it invisible while the query runs (heartbeat), then
  # deletes it; GetQueueAttributes is the readiness check.
  statement {
    sid = "FireSchedulesOnce"
    actions = [
      "sqs:SendMessage",
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [var.query.schedule_firings_queue_arn]
  }

  # An invalid QueryRequest or lake event, or a firing of a schedule this service does not know,
  # is moved to its queue's dead-letter queue at once, with the reason as a message attribute
  # (the SQS edge's DeadLetters).
  statement {
    sid     = "DeadLetterInvalidMessages"
    actions = ["sqs:SendMessage"]
    resources = [
      var.query.query_requests_dlq_arn,
      var.query.lake_events_dlq_arn,
      var.query.schedule_firings_dlq_arn,
    ]
  }

  statement {
    sid = "PublishQueryResults"
    actions = [
      "sqs:SendMessage",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
    ]
    resources = [var.query.query_results_queue_arn]
  }

  dynamic "statement" {
    for_each = length(var.queue_kms_key_arns) == 0 ? [] : [var.queue_kms_key_arns]

    content {
      sid = "QueueKeysThroughSqs"
      actions = [
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ]
      resources = statement.value

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["sqs.${local.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "query_service" {
  name   = "query-service"
  role   = aws_iam_role.query_service.id
  policy = data.aws_iam_policy_document.query_service.json
}
