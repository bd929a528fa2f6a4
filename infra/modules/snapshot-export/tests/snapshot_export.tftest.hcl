mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan

  override_resource {
    target = aws_cloudwatch_event_rule.this["db_snapshot"]
    values = {
      arn = "arn:aws:events:eu-west-1:123456789012:rule/athena-lake-db-snapshot-events"
    }
  }

  override_resource {
    target = aws_cloudwatch_event_rule.this["cluster_snapshot"]
    values = {
      arn = "arn:aws:events:eu-west-1:123456789012:rule/athena-lake-cluster-snapshot-events"
    }
  }

  override_resource {
    target = aws_cloudwatch_event_rule.this["crawler"]
    values = {
      arn = "arn:aws:events:eu-west-1:123456789012:rule/athena-lake-crawler-events"
    }
  }

  override_resource {
    target = module.rds_events.aws_sqs_queue.this
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events"
      id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events"
    }
  }

  override_resource {
    target = module.rds_events.aws_sqs_queue.dlq
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events-dlq"
      id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events-dlq"
    }
  }

  override_resource {
    target = module.export_bucket.aws_s3_bucket.this
    values = {
      arn = "arn:aws:s3:::acme-rds-exports"
    }
  }

  override_resource {
    target = aws_iam_role.export
    values = {
      arn = "arn:aws:iam::123456789012:role/athena-lake-rds-export"
      id  = "athena-lake-rds-export"
    }
  }

  override_resource {
    target = aws_iam_role.crawler
    values = {
      arn = "arn:aws:iam::123456789012:role/athena-lake-lake-crawler"
      id  = "athena-lake-lake-crawler"
    }
  }

  override_resource {
    target = aws_glue_catalog_database.this
    values = {
      arn = "arn:aws:glue:eu-west-1:123456789012:database/athena_lake"
    }
  }

  override_resource {
    target = aws_glue_catalog_database.staging[0]
    values = {
      arn = "arn:aws:glue:eu-west-1:123456789012:database/athena_lake_staging"
    }
  }

  override_resource {
    target = aws_kms_key.this
    values = {
      arn    = "arn:aws:kms:eu-west-1:123456789012:key/export-key"
      key_id = "export-key"
    }
  }
}

variables {
  export_bucket_name    = "acme-rds-exports"
  export_principal_arns = ["arn:aws:iam::123456789012:role/athena-lake-export-service"]
}

run "export_key_role_events_and_crawler" {
  command = plan

  # KMS: the export principal may create grants only for AWS resources, and describe the key.
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.kms.statement :
      s.actions == toset(["kms:CreateGrant"]) &&
      anytrue([for p in s.principals : p.type == "AWS" && contains(p.identifiers, "arn:aws:iam::123456789012:role/athena-lake-export-service")]) &&
      anytrue([for c in s.condition : c.test == "Bool" && c.variable == "kms:GrantIsForAWSResource" && c.values == tolist(["true"])])
    ])
    error_message = "The key policy must let the export principal create grants only when kms:GrantIsForAWSResource is true."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.kms.statement :
      s.actions == toset(["kms:DescribeKey"]) &&
      anytrue([for p in s.principals : contains(p.identifiers, "arn:aws:iam::123456789012:role/athena-lake-export-service")])
    ])
    error_message = "The key policy must let the export principal describe the key."
  }

  assert {
    condition = alltrue([
      for s in data.aws_iam_policy_document.kms.statement :
      !contains(s.actions, "kms:CreateGrant") || length(s.condition) > 0 ||
      alltrue([for p in s.principals : p.identifiers == toset(["arn:aws:iam::123456789012:root"])])
    ])
    error_message = "Only the account's administration statement may grant kms:CreateGrant without a condition."
  }

  assert {
    condition = alltrue(flatten([
      for d in [data.aws_iam_policy_document.kms, data.aws_iam_policy_document.export, data.aws_iam_policy_document.crawler, data.aws_iam_policy_document.rds_events] : [
        for s in d.statement : [for a in s.actions : a != "*" && !endswith(a, ":*")]
      ]
    ]))
    error_message = "No wildcard actions in any policy of the module."
  }

  # Export role: trusted by the RDS export service of this account only.
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_assume_role.statement :
      contains(s.actions, "sts:AssumeRole") &&
      anytrue([for p in s.principals : p.type == "Service" && p.identifiers == toset(["export.rds.amazonaws.com"])]) &&
      anytrue([for c in s.condition : c.variable == "aws:SourceAccount" && c.values == tolist(["123456789012"])])
    ])
    error_message = "The export role must be trusted by export.rds.amazonaws.com, conditioned on aws:SourceAccount."
  }

  # AWS's documented actions for StartExportTask's IamRoleArn, exactly.
  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.export.statement : tolist(s.actions) if anytrue([for a in s.actions : startswith(a, "s3:")])
    ])) == toset(["s3:PutObject*", "s3:GetObject*", "s3:DeleteObject*", "s3:ListBucket", "s3:GetBucketLocation"])
    error_message = "The export role must have exactly the S3 actions AWS documents for StartExportTask: s3:PutObject*, s3:GetObject*, s3:DeleteObject*, s3:ListBucket, s3:GetBucketLocation."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export.statement :
      s.actions == toset(["s3:PutObject*", "s3:GetObject*", "s3:DeleteObject*"]) && s.resources == toset(["arn:aws:s3:::acme-rds-exports/exports/*"])
    ])
    error_message = "The export role must write, read and delete objects under the export prefix of the export bucket only."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export.statement :
      s.actions == toset(["s3:ListBucket", "s3:GetBucketLocation"]) && s.resources == toset(["arn:aws:s3:::acme-rds-exports"])
    ])
    error_message = "The export role must list the export bucket and read its location."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export.statement :
      contains(s.actions, "kms:GenerateDataKey") && s.resources == toset(["arn:aws:kms:eu-west-1:123456789012:key/export-key"]) && anytrue([
        for c in s.condition : c.test == "StringEquals" && c.variable == "kms:ViaService" && c.values == tolist(["s3.eu-west-1.amazonaws.com"])
      ])
    ])
    error_message = "The export role may use the export key through S3 only."
  }

  assert {
    condition     = aws_iam_role_policy.export.role == aws_iam_role.export.id && aws_iam_role_policy.crawler.role == aws_iam_role.crawler.id
    error_message = "Each policy must be attached to its own role (export policy to the export role, crawler policy to the crawler role)."
  }

  assert {
    condition     = aws_glue_crawler.this.role == aws_iam_role.crawler.arn
    error_message = "The crawler must run with the crawler role."
  }

  assert {
    condition     = aws_kms_key.this.enable_key_rotation
    error_message = "The export key must rotate."
  }

  # Event patterns: the exact event ids per detail type.
  assert {
    condition = (
      jsondecode(aws_cloudwatch_event_rule.this["db_snapshot"].event_pattern)["detail-type"] == ["RDS DB Snapshot Event"] &&
      jsondecode(aws_cloudwatch_event_rule.this["db_snapshot"].event_pattern).source == ["aws.rds"] &&
      toset(jsondecode(aws_cloudwatch_event_rule.this["db_snapshot"].event_pattern).detail.EventID) == toset(["RDS-EVENT-0091", "RDS-EVENT-0042", "RDS-EVENT-0161", "RDS-EVENT-0159", "RDS-EVENT-0160"])
    )
    error_message = "The DB snapshot rule must match RDS DB Snapshot Event with exactly RDS-EVENT-0091/0042/0161/0159/0160."
  }

  assert {
    condition = (
      jsondecode(aws_cloudwatch_event_rule.this["cluster_snapshot"].event_pattern)["detail-type"] == ["RDS DB Cluster Snapshot Event"] &&
      jsondecode(aws_cloudwatch_event_rule.this["cluster_snapshot"].event_pattern).source == ["aws.rds"] &&
      toset(jsondecode(aws_cloudwatch_event_rule.this["cluster_snapshot"].event_pattern).detail.EventID) == toset(["RDS-EVENT-0169", "RDS-EVENT-0075", "RDS-EVENT-0164", "RDS-EVENT-0162", "RDS-EVENT-0163"])
    )
    error_message = "The cluster snapshot rule must match RDS DB Cluster Snapshot Event with exactly RDS-EVENT-0169/0075/0164/0162/0163."
  }

  assert {
    condition = (
      jsondecode(aws_cloudwatch_event_rule.this["crawler"].event_pattern)["detail-type"] == ["Glue Crawler State Change"] &&
      jsondecode(aws_cloudwatch_event_rule.this["crawler"].event_pattern).source == ["aws.glue"] &&
      jsondecode(aws_cloudwatch_event_rule.this["crawler"].event_pattern).detail.crawlerName == [aws_glue_crawler.this.name]
    )
    error_message = "The crawler rule must match Glue Crawler State Change of this module's crawler."
  }

  assert {
    condition     = alltrue([for t in aws_cloudwatch_event_target.this : t.arn == "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"]) && length(aws_cloudwatch_event_target.this) == 3
    error_message = "Every rule must target the rds-events queue."
  }

  # Events are never dropped on the way in: retried for a day, then dead-lettered.
  assert {
    condition = alltrue([
      for t in aws_cloudwatch_event_target.this :
      one(t.dead_letter_config).arn == "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq" &&
      one(t.retry_policy).maximum_event_age_in_seconds == 86400 && one(t.retry_policy).maximum_retry_attempts == 185
    ])
    error_message = "Every target must retry for a day and then dead-letter the event into rds-events' dead-letter queue."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.rds_events_dlq.statement :
      s.actions == toset(["sqs:SendMessage"]) &&
      s.resources == toset(["arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq"]) &&
      anytrue([for p in s.principals : p.type == "Service" && p.identifiers == toset(["events.amazonaws.com"])]) &&
      anytrue([
        for c in s.condition : c.test == "ArnEquals" && c.variable == "aws:SourceArn" && toset(c.values) == toset([
          "arn:aws:events:eu-west-1:123456789012:rule/athena-lake-db-snapshot-events",
          "arn:aws:events:eu-west-1:123456789012:rule/athena-lake-cluster-snapshot-events",
          "arn:aws:events:eu-west-1:123456789012:rule/athena-lake-crawler-events",
        ])
      ])
    ])
    error_message = "The dead-letter queue must accept sqs:SendMessage from events.amazonaws.com for exactly the three rules."
  }

  assert {
    condition     = module.rds_events.policy_document_count == 1 && module.rds_events.dlq_policy_document_count == 1
    error_message = "The EventBridge statements must be part of the rds-events queue policy and of its dead-letter queue's policy."
  }

  # Queue policy: events.amazonaws.com, only from exactly these rules.
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.rds_events.statement :
      s.actions == toset(["sqs:SendMessage"]) &&
      s.resources == toset(["arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"]) &&
      anytrue([for p in s.principals : p.type == "Service" && p.identifiers == toset(["events.amazonaws.com"])]) &&
      anytrue([
        for c in s.condition : c.test == "ArnEquals" && c.variable == "aws:SourceArn" && toset(c.values) == toset([
          "arn:aws:events:eu-west-1:123456789012:rule/athena-lake-db-snapshot-events",
          "arn:aws:events:eu-west-1:123456789012:rule/athena-lake-cluster-snapshot-events",
          "arn:aws:events:eu-west-1:123456789012:rule/athena-lake-crawler-events",
        ])
      ])
    ])
    error_message = "The rds-events queue policy must accept sqs:SendMessage from events.amazonaws.com with aws:SourceArn of exactly the three rules."
  }

  assert {
    condition = (
      jsondecode(module.rds_events.redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq" &&
      jsondecode(module.rds_events.redrive_policy).maxReceiveCount == 5
    )
    error_message = "rds-events must redrive to its dead-letter queue after 5 receives."
  }

  # Glue crawler.
  assert {
    condition = (
      one(aws_glue_crawler.this.s3_target).path == "s3://acme-rds-exports/lake/" &&
      one(aws_glue_crawler.this.schema_change_policy).update_behavior == "UPDATE_IN_DATABASE" &&
      one(aws_glue_crawler.this.schema_change_policy).delete_behavior == "LOG" &&
      one(aws_glue_crawler.this.recrawl_policy).recrawl_behavior == "CRAWL_EVERYTHING"
    )
    error_message = "The crawler must catalogue the lake prefix with the configured policies."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.crawler.statement :
      s.actions == toset(["s3:GetObject"]) && s.resources == toset(["arn:aws:s3:::acme-rds-exports/lake/*"])
    ])
    error_message = "The crawler role must read the lake prefix only."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.crawler.statement :
      contains(s.actions, "kms:Decrypt") && s.resources == toset(["arn:aws:kms:eu-west-1:123456789012:key/export-key"]) && anytrue([
        for c in s.condition : c.test == "StringEquals" && c.variable == "kms:ViaService" && c.values == tolist(["s3.eu-west-1.amazonaws.com"])
      ])
    ])
    error_message = "The crawler role must decrypt the lake with the export key, through S3 only."
  }

  assert {
    condition     = aws_cloudwatch_log_group.crawler[0].name == "/aws-glue/crawlers" && aws_cloudwatch_log_group.crawler[0].retention_in_days == 30
    error_message = "The crawler's log group must expire its logs (30 days by default)."
  }

  assert {
    condition     = !anytrue([for s in data.aws_iam_policy_document.crawler.statement : contains(s.actions, "logs:CreateLogGroup")])
    error_message = "With the log group managed here, the crawler must not create it (it would have no retention)."
  }

  assert {
    condition     = module.export_bucket.kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/export-key"
    error_message = "The export bucket must be encrypted with the export key."
  }
}

run "without_export_principals_only_administration" {
  command = plan

  variables {
    export_principal_arns = []
  }

  assert {
    condition     = length(data.aws_iam_policy_document.kms.statement) == 1
    error_message = "Without export principals the key policy holds only the administration statement."
  }
}

run "accepts_new_folders_only_with_log_policies" {
  command = plan

  variables {
    crawler_recrawl_behavior     = "CRAWL_NEW_FOLDERS_ONLY"
    crawler_schema_change_policy = { update_behavior = "LOG", delete_behavior = "LOG" }
  }

  assert {
    condition     = one(aws_glue_crawler.this.recrawl_policy).recrawl_behavior == "CRAWL_NEW_FOLDERS_ONLY"
    error_message = "CRAWL_NEW_FOLDERS_ONLY with LOG/LOG must be accepted."
  }
}

run "crawler_log_group_left_to_glue" {
  command = plan

  variables {
    manage_crawler_log_group = false
  }

  assert {
    condition     = length(aws_cloudwatch_log_group.crawler) == 0 && anytrue([for s in data.aws_iam_policy_document.crawler.statement : contains(s.actions, "logs:CreateLogGroup")])
    error_message = "Without a managed log group the crawler must be able to create it."
  }
}

run "accepts_a_cron_with_one_question_mark" {
  command = plan

  variables {
    crawler_schedule = "cron(0 4 ? * MON-FRI *)"
  }

  assert {
    condition     = aws_glue_crawler.this.schedule == "cron(0 4 ? * MON-FRI *)"
    error_message = "A valid Glue cron must reach the crawler."
  }
}

# replace layout (the default): the crawler catalogues every export into the staging database, one
# table per table folder (lake/<table>/ is level 2) and one partition per export folder, each with
# its own schema; export-service switches the lake database's tables itself.
run "replace_layout_crawler_writes_the_staging_database" {
  command = plan

  assert {
    condition = (
      aws_glue_crawler.this.database_name == "athena_lake_staging" &&
      aws_glue_catalog_database.staging[0].name == "athena_lake_staging" &&
      aws_glue_catalog_database.this.name == "athena_lake"
    )
    error_message = "replace layout: the crawler must write the staging database athena_lake_staging, never the lake database athena_lake."
  }

  assert {
    condition     = jsondecode(aws_glue_crawler.this.configuration).Grouping.TableLevelConfiguration == 2
    error_message = "replace layout with lake_prefix \"lake/\": the tables are the folders lake/<table>/, level 2 (TableLevelConfiguration = 2)."
  }

  assert {
    condition     = !strcontains(aws_glue_crawler.this.configuration, "InheritFromTable") && !can(jsondecode(aws_glue_crawler.this.configuration).CrawlerOutput)
    error_message = "replace layout: each export's partition keeps its own schema (no CrawlerOutput.Partitions.AddOrUpdateBehavior = InheritFromTable)."
  }

  # The crawler role writes the staging database's tables and partitions, nothing of the lake database.
  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.crawler.statement : tolist(s.resources) if anytrue([for a in s.actions : startswith(a, "glue:")])
      ])) == toset([
      "arn:aws:glue:eu-west-1:123456789012:catalog",
      "arn:aws:glue:eu-west-1:123456789012:database/athena_lake_staging",
      "arn:aws:glue:eu-west-1:123456789012:table/athena_lake_staging/*",
    ])
    error_message = "replace layout: the crawler role may catalogue the staging database only (the catalog, database/athena_lake_staging, table/athena_lake_staging/*)."
  }

  assert {
    condition     = output.layout_mode == "replace" && output.glue_staging_database_name == "athena_lake_staging" && output.glue_database_name == "athena_lake"
    error_message = "The outputs must tell the replace layout, its staging database and the lake database."
  }
}

run "replace_layout_table_level_follows_the_lake_prefix" {
  command = plan

  variables {
    lake_prefix = "a/b/lake/"
  }

  assert {
    condition     = jsondecode(aws_glue_crawler.this.configuration).Grouping.TableLevelConfiguration == 4
    error_message = "replace layout with lake_prefix \"a/b/lake/\": the tables are the folders a/b/lake/<table>/, level 4."
  }

  assert {
    condition     = one(aws_glue_crawler.this.s3_target).path == "s3://acme-rds-exports/a/b/lake/"
    error_message = "The crawler must catalogue the lake prefix."
  }
}

run "replace_layout_table_level_of_a_two_folder_prefix" {
  command = plan

  variables {
    lake_prefix = "data.v1/lake/"
  }

  assert {
    condition     = jsondecode(aws_glue_crawler.this.configuration).Grouping.TableLevelConfiguration == 3
    error_message = "replace layout with lake_prefix \"data.v1/lake/\": the tables are the folders data.v1/lake/<table>/, level 3."
  }
}

# snapshots layout: as before the replace layout, the crawler writes the lake database, its
# partitions inherit the table's schema, and crawler_table_level (or Glue's inference) applies.
run "snapshots_layout_crawler_writes_the_lake_database" {
  command = plan

  variables {
    layout_mode = "snapshots"
  }

  assert {
    condition     = aws_glue_crawler.this.database_name == "athena_lake" && length(aws_glue_catalog_database.staging) == 0
    error_message = "snapshots layout: the crawler must write the lake database athena_lake, and there is no staging database."
  }

  assert {
    condition     = jsondecode(aws_glue_crawler.this.configuration).CrawlerOutput.Partitions.AddOrUpdateBehavior == "InheritFromTable"
    error_message = "snapshots layout: partitions inherit the table's schema (InheritFromTable)."
  }

  assert {
    condition = (
      !can(jsondecode(aws_glue_crawler.this.configuration).Grouping.TableLevelConfiguration) &&
      jsondecode(aws_glue_crawler.this.configuration).Grouping.TableGroupingPolicy == "CombineCompatibleSchemas"
    )
    error_message = "snapshots layout without crawler_table_level: Glue infers the tables (no TableLevelConfiguration)."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.crawler.statement : tolist(s.resources) if anytrue([for a in s.actions : startswith(a, "glue:")])
      ])) == toset([
      "arn:aws:glue:eu-west-1:123456789012:catalog",
      "arn:aws:glue:eu-west-1:123456789012:database/athena_lake",
      "arn:aws:glue:eu-west-1:123456789012:table/athena_lake/*",
    ])
    error_message = "snapshots layout: the crawler role catalogues the lake database."
  }

  assert {
    condition     = output.layout_mode == "snapshots" && output.glue_staging_database_name == null
    error_message = "snapshots layout: no staging database (glue_staging_database_name = null)."
  }
}

run "snapshots_layout_with_a_table_level" {
  command = plan

  variables {
    layout_mode         = "snapshots"
    crawler_table_level = 3
  }

  assert {
    condition     = jsondecode(aws_glue_crawler.this.configuration).Grouping.TableLevelConfiguration == 3
    error_message = "snapshots layout: crawler_table_level reaches the crawler's TableLevelConfiguration."
  }
}
