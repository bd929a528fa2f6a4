# RDS snapshot export into the lake: the export key and bucket, the role RDS exports
# with, the events that drive export-service, and the Glue crawler that catalogues
# the lake.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  crawler_name      = "${var.name_prefix}-lake"
  crawler_log_group = "/aws-glue/crawlers"

  # replace layout: each export in <lake_prefix><db.schema.table>/<exportId>/; the crawler
  # catalogues the lake prefix into the staging database, one table per table folder and one
  # partition (partition_0=<exportId>) per export, and export-service switches the live table
  # in the lake database itself. snapshots layout: the crawler writes the lake database.
  replace_layout        = var.layout_mode == "replace"
  staging_database_name = "${var.glue_database_name}_staging"

  # The absolute level of the table folders from the bucket root (the top folder is level 1):
  # lake_prefix "lake/" puts them at 2, "a/b/lake/" at 4.
  lake_table_level    = length(split("/", trimsuffix(var.lake_prefix, "/"))) + 1
  crawler_table_level = local.replace_layout ? local.lake_table_level : var.crawler_table_level

  # The exact events export-service acts on (RDS event ids by detail type).
  db_snapshot_event_ids = [
    "RDS-EVENT-0091", # automated DB snapshot created
    "RDS-EVENT-0042", # manual DB snapshot created
    "RDS-EVENT-0161", # snapshot export completed
    "RDS-EVENT-0159", # snapshot export failed
    "RDS-EVENT-0160", # snapshot export canceled
  ]
  cluster_snapshot_event_ids = [
    "RDS-EVENT-0169", # automated cluster snapshot created
    "RDS-EVENT-0075", # manual cluster snapshot created
    "RDS-EVENT-0164", # cluster snapshot export completed
    "RDS-EVENT-0162", # cluster snapshot export failed
    "RDS-EVENT-0163", # cluster snapshot export canceled
  ]

  event_patterns = {
    db_snapshot = {
      source        = ["aws.rds"]
      "detail-type" = ["RDS DB Snapshot Event"]
      detail        = { EventID = local.db_snapshot_event_ids }
    }
    cluster_snapshot = {
      source        = ["aws.rds"]
      "detail-type" = ["RDS DB Cluster Snapshot Event"]
      detail        = { EventID = local.cluster_snapshot_event_ids }
    }
    crawler = {
      source        = ["aws.glue"]
      "detail-type" = ["Glue Crawler State Change"]
      detail = {
        crawlerName = [local.crawler_name]
        state       = ["Succeeded", "Failed"]
      }
    }
  }

  event_rule_descriptions = {
    db_snapshot      = "DB snapshot created and snapshot export finished: to export-service"
    cluster_snapshot = "Cluster snapshot created and cluster snapshot export finished: to export-service"
    crawler          = "Lake crawler finished: to export-service"
  }

  # KMS key administration, spelled out instead of kms:*.
  kms_administration_actions = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]
}

################################################################################
# Export key
################################################################################

data "aws_iam_policy_document" "kms" {
  # Account administration; IAM policies (crawler role, export role, services) grant
  # the use of the key on top of this.
  # "*": in a key policy the resource is always the key itself.
  statement {
    sid       = "AccountAdministration"
    actions   = local.kms_administration_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(var.export_principal_arns) == 0 ? [] : [var.export_principal_arns]

    # StartExportTask creates a grant for the RDS export service: the caller may create
    # grants only on behalf of AWS services, never for other principals.
    # "*": in a key policy the resource is always the key itself.
    content {
      sid       = "ExportPrincipalsCreateGrantForAwsServices"
      actions   = ["kms:CreateGrant"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value
      }

      condition {
        test     = "Bool"
        variable = "kms:GrantIsForAWSResource"
        values   = ["true"]
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.export_principal_arns) == 0 ? [] : [var.export_principal_arns]

    # "*": in a key policy the resource is always the key itself.
    content {
      sid       = "ExportPrincipalsDescribeKey"
      actions   = ["kms:DescribeKey"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "${var.name_prefix}: RDS snapshot exports and the lake"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.kms.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name_prefix}-export"
  target_key_id = aws_kms_key.this.key_id
}

################################################################################
# Export bucket (exports and the lake)
################################################################################

module "export_bucket" {
  source = "../private-bucket"

  name          = var.export_bucket_name
  kms_key_arn   = aws_kms_key.this.arn
  force_destroy = var.force_destroy
  tags          = var.tags
}

################################################################################
# Export role: RDS assumes it to write the export
################################################################################

data "aws_iam_policy_document" "export_assume_role" {
  statement {
    sid     = "RdsExportAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["export.rds.amazonaws.com"]
    }

    # Confused-deputy protection: only exports started in this account.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "export" {
  name               = "${var.name_prefix}-rds-export"
  description        = "Assumed by RDS to write snapshot exports to ${var.export_bucket_name}"
  assume_role_policy = data.aws_iam_policy_document.export_assume_role.json
  tags               = var.tags
}

# The actions AWS documents for the IamRoleArn of StartExportTask, no fewer: s3:PutObject*,
# s3:GetObject*, s3:DeleteObject* on the objects, s3:ListBucket and s3:GetBucketLocation on
# the bucket. The trailing "*" of the object actions is AWS's own (PutObjectTagging,
# GetObjectAttributes, ...); the objects stay under the export prefix.
data "aws_iam_policy_document" "export" {
  statement {
    sid = "WriteExports"
    actions = [
      "s3:PutObject*",
      "s3:GetObject*",
      "s3:DeleteObject*",
    ]
    resources = ["${module.export_bucket.arn}/${var.export_prefix}*"]
  }

  statement {
    sid = "ExportBucket"
    actions = [
      "s3:ListBucket",
      "s3:GetBucketLocation",
    ]
    resources = [module.export_bucket.arn]
  }

  statement {
    sid = "ExportKeyThroughS3"
    actions = [
      "kms:GenerateDataKey",
      "kms:Decrypt",
    ]
    resources = [aws_kms_key.this.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "export" {
  name   = "write-exports"
  role   = aws_iam_role.export.id
  policy = data.aws_iam_policy_document.export.json
}

################################################################################
# Events: RDS and Glue -> EventBridge -> rds-events
################################################################################

resource "aws_cloudwatch_event_rule" "this" {
  for_each = local.event_patterns

  name          = "${var.name_prefix}-${replace(each.key, "_", "-")}-events"
  description   = local.event_rule_descriptions[each.key]
  event_pattern = jsonencode(each.value)
  tags          = var.tags
}

resource "aws_cloudwatch_event_target" "this" {
  for_each = local.event_patterns

  rule      = aws_cloudwatch_event_rule.this[each.key].name
  target_id = "rds-events"
  arn       = module.rds_events.arn

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }

  # An event EventBridge could not deliver within the retry policy lands in rds-events'
  # dead-letter queue (with the rule and the error as message attributes) instead of being
  # dropped; redriving that queue hands it to export-service like any other event.
  dead_letter_config {
    arn = module.rds_events.dlq_arn
  }
}

data "aws_iam_policy_document" "rds_events" {
  statement {
    sid       = "EventBridgeRulesSendMessage"
    actions   = ["sqs:SendMessage"]
    resources = [module.rds_events.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    # Only this module's rules: no other rule, account or service may feed the queue.
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [for k in sort(keys(local.event_patterns)) : aws_cloudwatch_event_rule.this[k].arn]
    }
  }
}

# The same rules may put the events they could not deliver into the dead-letter queue.
data "aws_iam_policy_document" "rds_events_dlq" {
  statement {
    sid       = "EventBridgeRulesDeadLetter"
    actions   = ["sqs:SendMessage"]
    resources = [module.rds_events.dlq_arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [for k in sort(keys(local.event_patterns)) : aws_cloudwatch_event_rule.this[k].arn]
    }
  }
}

module "rds_events" {
  source = "../queue"

  name                       = "${var.name_prefix}-rds-events"
  max_receive_count          = var.queue_max_receive_count
  visibility_timeout_seconds = var.queue_visibility_timeout_seconds
  policy_documents           = [data.aws_iam_policy_document.rds_events.json]
  dlq_policy_documents       = [data.aws_iam_policy_document.rds_events_dlq.json]
  tags                       = var.tags
}

################################################################################
# Glue: database, crawler and its role
################################################################################

resource "aws_glue_catalog_database" "this" {
  name        = var.glue_database_name
  description = "athena-lake: tables exported from RDS (${var.name_prefix})"
}

# replace layout: the crawler's output, read by export-service only (glue:GetPartition); queries
# read the lake database.
resource "aws_glue_catalog_database" "staging" {
  count = local.replace_layout ? 1 : 0

  name        = local.staging_database_name
  description = "athena-lake: one partition per export, catalogued by the crawler; export-service switches the tables of ${var.glue_database_name} to them (${var.name_prefix})"

  lifecycle {
    precondition {
      condition     = length(local.staging_database_name) <= 255
      error_message = "In the replace layout glue_database_name may have at most 247 characters: the staging database ${var.glue_database_name}_staging must fit Glue's 255."
    }
  }
}

locals {
  # The database the crawler writes: staging in the replace layout, the lake database in the
  # snapshots layout.
  crawler_database = local.replace_layout ? one(aws_glue_catalog_database.staging) : aws_glue_catalog_database.this
}

data "aws_iam_policy_document" "crawler_assume_role" {
  statement {
    sid     = "GlueAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "crawler" {
  name               = "${var.name_prefix}-lake-crawler"
  description        = "Glue crawler of the ${var.name_prefix} lake"
  assume_role_policy = data.aws_iam_policy_document.crawler_assume_role.json
  tags               = var.tags
}

data "aws_iam_policy_document" "crawler" {
  statement {
    sid       = "ReadLake"
    actions   = ["s3:GetObject"]
    resources = ["${module.export_bucket.arn}/${var.lake_prefix}*"]
  }

  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket"]
    resources = [module.export_bucket.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [var.lake_prefix, "${var.lake_prefix}*"]
    }
  }

  statement {
    sid       = "DecryptLake"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.this.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }

  # Only the database the crawler writes (the staging one in the replace layout).
  statement {
    sid = "CatalogLakeTables"
    actions = [
      "glue:GetDatabase",
      "glue:GetTable",
      "glue:GetTables",
      "glue:CreateTable",
      "glue:UpdateTable",
      "glue:DeleteTable",
      "glue:BatchDeleteTable",
      "glue:GetPartition",
      "glue:GetPartitions",
      "glue:BatchGetPartition",
      "glue:CreatePartition",
      "glue:BatchCreatePartition",
      "glue:UpdatePartition",
      "glue:BatchUpdatePartition",
      "glue:DeletePartition",
      "glue:BatchDeletePartition",
    ]
    resources = [
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog",
      local.crawler_database.arn,
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${local.crawler_database.name}/*",
    ]
  }

  # Glue creates the log group itself (without retention) unless the module manages it.
  statement {
    sid = "CrawlerLogs"
    actions = concat(
      var.manage_crawler_log_group ? [] : ["logs:CreateLogGroup"],
      ["logs:CreateLogStream", "logs:PutLogEvents"],
    )
    resources = [
      "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.crawler_log_group}",
      "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.crawler_log_group}:*",
    ]
  }
}

# Every Glue crawler of the account and region logs to /aws-glue/crawlers; left to Glue, the
# group is created without retention and keeps the logs forever.
resource "aws_cloudwatch_log_group" "crawler" {
  count = var.manage_crawler_log_group ? 1 : 0

  name              = local.crawler_log_group
  retention_in_days = var.crawler_log_retention_days
  tags              = var.tags
}

resource "aws_iam_role_policy" "crawler" {
  name   = "crawl-lake"
  role   = aws_iam_role.crawler.id
  policy = data.aws_iam_policy_document.crawler.json
}

resource "aws_glue_crawler" "this" {
  name          = local.crawler_name
  description   = "Catalogues s3://${var.export_bucket_name}/${var.lake_prefix} into ${local.crawler_database.name}"
  database_name = local.crawler_database.name
  role          = aws_iam_role.crawler.arn
  schedule      = var.crawler_schedule

  s3_target {
    path = "s3://${module.export_bucket.name}/${var.lake_prefix}"
  }

  schema_change_policy {
    update_behavior = var.crawler_schema_change_policy.update_behavior
    delete_behavior = var.crawler_schema_change_policy.delete_behavior
  }

  recrawl_policy {
    recrawl_behavior = var.crawler_recrawl_behavior
  }

  # Compatible files form one table. replace layout: one table per table folder, and each
  # export's partition keeps its own schema (export-service takes the columns of the partition
  # it switches to). snapshots layout: partitions inherit the table's schema.
  configuration = jsonencode(merge(
    {
      Version = 1
      Grouping = merge(
        { TableGroupingPolicy = "CombineCompatibleSchemas" },
        local.crawler_table_level == null ? {} : { TableLevelConfiguration = local.crawler_table_level },
      )
    },
    local.replace_layout ? {} : {
      CrawlerOutput = {
        Partitions = { AddOrUpdateBehavior = "InheritFromTable" }
      }
    },
  ))

  tags = var.tags

  lifecycle {
    precondition {
      condition = var.crawler_recrawl_behavior != "CRAWL_NEW_FOLDERS_ONLY" || (
        var.crawler_schema_change_policy.update_behavior == "LOG" && var.crawler_schema_change_policy.delete_behavior == "LOG"
      )
      error_message = "CRAWL_NEW_FOLDERS_ONLY needs crawler_schema_change_policy update_behavior = \"LOG\" and delete_behavior = \"LOG\" (Glue rejects it otherwise)."
    }

    precondition {
      condition     = !local.replace_layout || var.crawler_table_level == null
      error_message = "crawler_table_level applies to the snapshots layout only: in the replace layout the tables are the folders <lake_prefix><table>/ (level ${local.lake_table_level} for lake_prefix \"${var.lake_prefix}\"), computed from lake_prefix, which export-service relies on. Leave it null, or set layout_mode = \"snapshots\"."
    }
  }

  depends_on = [aws_iam_role_policy.crawler, aws_cloudwatch_log_group.crawler]
}
