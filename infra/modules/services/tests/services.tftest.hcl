mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan

  override_resource {
    target = aws_lb.this
    values = {
      arn      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/athena-lake-query/0123456789abcdef"
      dns_name = "athena-lake-query-123.eu-west-1.elb.amazonaws.com"
    }
  }

  override_resource {
    target = aws_iam_role.execution
    values = {
      arn = "arn:aws:iam::123456789012:role/athena-lake-ecs-execution"
      id  = "athena-lake-ecs-execution"
    }
  }

  override_resource {
    target = aws_iam_role.export_service
    values = {
      arn = "arn:aws:iam::123456789012:role/athena-lake-export-service"
      id  = "athena-lake-export-service"
    }
  }

  override_resource {
    target = aws_iam_role.query_service
    values = {
      arn = "arn:aws:iam::123456789012:role/athena-lake-query-service"
      id  = "athena-lake-query-service"
    }
  }

  override_resource {
    target = aws_ecs_cluster.this
    values = {
      arn  = "arn:aws:ecs:eu-west-1:123456789012:cluster/athena-lake"
      name = "athena-lake"
    }
  }
}

variables {
  vpc_id             = "vpc-0123456789abcdef0"
  private_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  load_balancer = {
    subnet_ids          = ["subnet-0aaaaaaaaaaaaaaa0", "subnet-0aaaaaaaaaaaaaaa1"]
    ingress_cidr_blocks = ["10.0.0.0/8"]
  }
  export_service = {
    image   = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/athena-lake/export-service:1.0.0"
    sources = ["orders-db", "reporting-*"]
  }
  query_service = {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/athena-lake/query-service:1.0.0"
  }
  lake = {
    export_bucket_name         = "acme-rds-exports"
    export_bucket_arn          = "arn:aws:s3:::acme-rds-exports"
    export_prefix              = "exports/"
    lake_prefix                = "lake/"
    kms_key_arn                = "arn:aws:kms:eu-west-1:123456789012:key/export-key"
    export_role_arn            = "arn:aws:iam::123456789012:role/athena-lake-rds-export"
    crawler_name               = "athena-lake-lake"
    crawler_arn                = "arn:aws:glue:eu-west-1:123456789012:crawler/athena-lake-lake"
    glue_database_name         = "athena_lake"
    layout_mode                = "replace"
    glue_staging_database_name = "athena_lake_staging"
    rds_events_queue_url       = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events"
    rds_events_queue_arn       = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"
    rds_events_queue_name      = "athena-lake-rds-events"
    rds_events_dlq_url         = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events-dlq"
    rds_events_dlq_arn         = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq"
  }
  query = {
    workgroup_name             = "athena-lake"
    workgroup_arn              = "arn:aws:athena:eu-west-1:123456789012:workgroup/athena-lake"
    output_location            = "s3://acme-athena-results/results/"
    results_bucket_arn         = "arn:aws:s3:::acme-athena-results"
    results_kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/results-key"
    query_requests_queue_url   = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-query-requests"
    query_requests_queue_arn   = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-requests"
    query_results_queue_url    = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-query-results"
    query_results_queue_arn    = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-results"
    lake_events_queue_url      = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-lake-events"
    lake_events_queue_arn      = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-lake-events"
    query_requests_dlq_url     = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-query-requests-dlq"
    query_requests_dlq_arn     = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-requests-dlq"
    lake_events_dlq_url        = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-lake-events-dlq"
    lake_events_dlq_arn        = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-lake-events-dlq"
    schedule_firings_queue_url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings.fifo"
    schedule_firings_queue_arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings.fifo"
    schedule_firings_dlq_url   = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings-dlq.fifo"
    schedule_firings_dlq_arn   = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings-dlq.fifo"
  }
  connectors = [
    {
      catalog_name      = "minio"
      function_arn      = "arn:aws:lambda:eu-west-1:123456789012:function:athena-minio"
      spill_bucket_arn  = "arn:aws:s3:::acme-minio-spill"
      spill_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/minio-spill-key"
    },
    {
      catalog_name     = "postgres"
      function_arn     = "arn:aws:lambda:eu-west-1:123456789012:function:athena-postgres"
      spill_bucket_arn = "arn:aws:s3:::acme-postgres-spill"
    },
  ]
}

run "least_privilege_roles_http_listener_and_scaling" {
  command = plan

  # export-service
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_service.statement :
      s.actions == toset(["iam:PassRole"]) && s.resources == toset(["arn:aws:iam::123456789012:role/athena-lake-rds-export"])
    ])
    error_message = "export-service may pass the export role and nothing else."
  }

  assert {
    condition = length([
      for s in data.aws_iam_policy_document.export_service.statement : s if contains(s.actions, "iam:PassRole")
    ]) == 1
    error_message = "Exactly one statement may allow iam:PassRole."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_service.statement :
      contains(s.actions, "rds:StartExportTask") && contains(s.actions, "rds:DescribeExportTasks")
    ])
    error_message = "export-service must start and describe export tasks."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_service.statement :
      s.actions == toset(["kms:CreateGrant"]) && s.resources == toset(["arn:aws:kms:eu-west-1:123456789012:key/export-key"]) &&
      anytrue([for c in s.condition : c.variable == "kms:GrantIsForAWSResource" && c.values == tolist(["true"])])
    ])
    error_message = "export-service may create grants on the export key only for AWS resources."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_service.statement :
      contains(s.actions, "glue:StartCrawler") && s.resources == toset(["arn:aws:glue:eu-west-1:123456789012:crawler/athena-lake-lake"])
    ])
    error_message = "export-service may start the lake crawler only."
  }

  # replace layout (the default): export-service reads the staging partition an export was
  # catalogued as and switches the live table to it (GetTable for its VersionId, UpdateTable, or
  # CreateTable), deletes tables dropped at the source; exactly these Glue actions on each
  # resource (AWS requires the table, its database and the catalog for a table action).
  assert {
    condition = tomap({
      for r in toset(flatten([
        for s in data.aws_iam_policy_document.export_service.statement : tolist(s.resources) if anytrue([for a in s.actions : startswith(a, "glue:")])
      ])) :
      r => toset(flatten([
        for s in data.aws_iam_policy_document.export_service.statement : [for a in s.actions : a if startswith(a, "glue:")] if contains(s.resources, r)
      ]))
      }) == tomap({
      "arn:aws:glue:eu-west-1:123456789012:catalog"                      = toset(["glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable", "glue:GetPartition"])
      "arn:aws:glue:eu-west-1:123456789012:database/athena_lake"         = toset(["glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable"])
      "arn:aws:glue:eu-west-1:123456789012:table/athena_lake/*"          = toset(["glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable"])
      "arn:aws:glue:eu-west-1:123456789012:database/athena_lake_staging" = toset(["glue:GetPartition"])
      "arn:aws:glue:eu-west-1:123456789012:table/athena_lake_staging/*"  = toset(["glue:GetPartition"])
      "arn:aws:glue:eu-west-1:123456789012:crawler/athena-lake-lake"     = toset(["glue:StartCrawler", "glue:GetCrawler"])
    })
    error_message = "replace layout: export-service must have exactly GetTable, CreateTable, UpdateTable and DeleteTable on the lake database and its tables, GetPartition on the staging database and its tables, StartCrawler and GetCrawler on the crawler (and the catalog for both), and no other Glue action or resource."
  }

  assert {
    condition = (
      contains(jsondecode(aws_ecs_task_definition.export_service.container_definitions)[0].environment, { name = "ATHENA_LAKE_LAYOUT_MODE", value = "replace" }) &&
      !anytrue([for e in jsondecode(aws_ecs_task_definition.export_service.container_definitions)[0].environment : strcontains(e.name, "STAGING")])
    )
    error_message = "export-service must be told the layout (ATHENA_LAKE_LAYOUT_MODE = replace) and nothing about the staging database (it finds it from its crawler)."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.export_service.statement : tolist(s.resources) if contains(s.actions, "glue:DeleteTable")
      ])) == toset([
      "arn:aws:glue:eu-west-1:123456789012:catalog",
      "arn:aws:glue:eu-west-1:123456789012:database/athena_lake",
      "arn:aws:glue:eu-west-1:123456789012:table/athena_lake/*",
    ])
    error_message = "export-service may delete tables of the lake database only."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_service.statement :
      contains(s.actions, "sqs:ReceiveMessage") && contains(s.actions, "sqs:DeleteMessage") && s.resources == toset(["arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"])
    ])
    error_message = "export-service must consume rds-events."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_service.statement :
      contains(s.actions, "sqs:SendMessage") && s.resources == toset(["arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"])
    ])
    error_message = "export-service must be able to send a long-waiting rds-events message again."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_service.statement :
      contains(s.actions, "sqs:SendMessage") && s.resources == toset(["arn:aws:sqs:eu-west-1:123456789012:athena-lake-lake-events"])
    ])
    error_message = "export-service must publish to lake-events."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_service.statement :
      contains(s.actions, "s3:PutObject") && s.resources == toset(["arn:aws:s3:::acme-rds-exports/exports/*", "arn:aws:s3:::acme-rds-exports/lake/*"])
    ])
    error_message = "export-service writes only under the export and lake prefixes."
  }

  # export-service sends to rds-events (an event sent again), its dead-letter queue (a malformed
  # event, with the reason) and lake-events, nowhere else.
  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.export_service.statement : tolist(s.resources) if contains(s.actions, "sqs:SendMessage")
      ])) == toset([
      "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events",
      "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq",
      "arn:aws:sqs:eu-west-1:123456789012:athena-lake-lake-events",
    ])
    error_message = "export-service may send to rds-events, its dead-letter queue and lake-events only."
  }

  # On the dead-letter queue, export-service may only send: it never consumes or deletes there.
  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.export_service.statement : tolist(s.actions) if contains(s.resources, "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq")
    ])) == toset(["sqs:SendMessage"])
    error_message = "export-service must be able to dead-letter a malformed rds-events message (sqs:SendMessage on its DLQ), and do nothing else there."
  }

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.export_service.container_definitions)[0].environment, { name = "ATHENA_LAKE_RDS_EVENTS_DLQ_URL", value = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events-dlq" })
    error_message = "export-service must be told rds-events' dead-letter queue (athena-lake.rds-events-dlq-url): without it a malformed event is received maxReceiveCount times and dead-lettered without its reason."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_service.statement :
      contains(s.actions, "kms:GenerateDataKey") && s.resources == toset(["arn:aws:kms:eu-west-1:123456789012:key/export-key"]) && anytrue([
        for c in s.condition : c.test == "StringEquals" && c.variable == "kms:ViaService" && c.values == tolist(["s3.eu-west-1.amazonaws.com"])
      ])
    ])
    error_message = "export-service may use the export key for objects through S3 only."
  }

  # query-service
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.query_service.statement :
      s.actions == toset(["sqs:SendMessage"]) && s.resources == toset([
        "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-requests-dlq",
        "arn:aws:sqs:eu-west-1:123456789012:athena-lake-lake-events-dlq",
        "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings-dlq.fifo",
      ])
    ])
    error_message = "query-service must be able to send invalid requests, lake events and firings of unknown schedules to their dead-letter queues."
  }

  assert {
    condition = (
      contains(jsondecode(aws_ecs_task_definition.query_service.container_definitions)[0].environment, { name = "QUERY_SERVICE_QUEUES_REQUESTS_DLQ", value = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-query-requests-dlq" }) &&
      contains(jsondecode(aws_ecs_task_definition.query_service.container_definitions)[0].environment, { name = "QUERY_SERVICE_QUEUES_LAKE_EVENTS_DLQ", value = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-lake-events-dlq" })
    )
    error_message = "query-service must be told its dead-letter queues (query-service.queues.requests-dlq and .lake-events-dlq)."
  }

  assert {
    condition = (
      contains(jsondecode(aws_ecs_task_definition.query_service.container_definitions)[0].environment, { name = "QUERY_SERVICE_QUEUES_SCHEDULE_FIRINGS", value = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings.fifo" }) &&
      contains(jsondecode(aws_ecs_task_definition.query_service.container_definitions)[0].environment, { name = "QUERY_SERVICE_QUEUES_SCHEDULE_FIRINGS_DLQ", value = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings-dlq.fifo" })
    )
    error_message = "query-service must be told the schedule-firings queue and its dead-letter queue (query-service.queues.schedule-firings and .schedule-firings-dlq): without it every replica announces every firing."
  }

  # schedule-firings: every replica sends each firing, one receives it, keeps it invisible while
  # the query runs and deletes it; GetQueueAttributes is the readiness check. Nothing else.
  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.query_service.statement : tolist(s.actions) if contains(s.resources, "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings.fifo")
      ])) == toset([
      "sqs:SendMessage",
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ])
    error_message = "query-service may send, receive, delete, extend the visibility of and read the attributes of schedule-firings, and nothing else on it."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.query_service.statement : tolist(s.actions) if contains(s.resources, "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings-dlq.fifo")
    ])) == toset(["sqs:SendMessage"])
    error_message = "query-service may only send to the schedule-firings dead-letter queue (a firing of an unknown schedule, with the reason)."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.query_service.statement : tolist(s.resources) if contains(s.actions, "sqs:SendMessage")
      ])) == toset([
      "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-results",
      "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings.fifo",
      "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-requests-dlq",
      "arn:aws:sqs:eu-west-1:123456789012:athena-lake-lake-events-dlq",
      "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings-dlq.fifo",
    ])
    error_message = "query-service may send to query-results, schedule-firings and the three dead-letter queues only."
  }

  assert {
    condition = alltrue([
      for s in data.aws_iam_policy_document.query_service.statement :
      anytrue([
        for c in s.condition : c.test == "StringEquals" && c.variable == "kms:ViaService" && c.values == tolist(["s3.eu-west-1.amazonaws.com"])
      ]) if contains(s.actions, "kms:Decrypt")
    ]) && length([for s in data.aws_iam_policy_document.query_service.statement : s if contains(s.actions, "kms:Decrypt")]) == 2
    error_message = "query-service may use the results, lake and spill keys through S3 only (kms:ViaService = s3.<region>.amazonaws.com)."
  }

  assert {
    condition = (
      aws_iam_role_policy.export_service.role == aws_iam_role.export_service.id &&
      aws_iam_role_policy.query_service.role == aws_iam_role.query_service.id &&
      aws_iam_role_policy.execution.role == aws_iam_role.execution.id
    )
    error_message = "Each policy must be attached to its own role."
  }

  assert {
    condition = (
      aws_ecs_task_definition.export_service.execution_role_arn == aws_iam_role.execution.arn &&
      aws_ecs_task_definition.query_service.execution_role_arn == aws_iam_role.execution.arn &&
      aws_ecs_task_definition.export_service.execution_role_arn != aws_ecs_task_definition.export_service.task_role_arn &&
      aws_ecs_task_definition.query_service.execution_role_arn != aws_ecs_task_definition.query_service.task_role_arn
    )
    error_message = "The tasks must pull and log with the execution role, which must not be a task role."
  }

  assert {
    condition     = !one(aws_ecs_service.export_service.network_configuration).assign_public_ip && !one(aws_ecs_service.query_service.network_configuration).assign_public_ip
    error_message = "No task may get a public IP."
  }

  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.this : g.retention_in_days == 30]) && length(aws_cloudwatch_log_group.this) == 2
    error_message = "The services' logs must expire (30 days by default)."
  }

  assert {
    condition     = output.federated_catalogs == { minio = "arn:aws:lambda:eu-west-1:123456789012:function:athena-minio", postgres = "arn:aws:lambda:eu-west-1:123456789012:function:athena-postgres" }
    error_message = "query-service must be allowed both connectors."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.query_service.statement :
      contains(s.actions, "athena:StartQueryExecution") && s.resources == toset(["arn:aws:athena:eu-west-1:123456789012:workgroup/athena-lake"])
    ])
    error_message = "query-service may run queries in its workgroup only."
  }

  assert {
    condition = alltrue([
      for s in data.aws_iam_policy_document.query_service.statement : !contains(s.actions, "glue:DeleteTable")
    ])
    error_message = "query-service reads the lake's tables and never deletes them (no glue:DeleteTable)."
  }

  # query-service reads the lake database only: the staging database holds exports before
  # export-service switches a table to them (and the crawler's view of every export).
  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.query_service.statement : tolist(s.resources) if anytrue([for a in s.actions : startswith(a, "glue:")])
      ])) == toset([
      "arn:aws:glue:eu-west-1:123456789012:catalog",
      "arn:aws:glue:eu-west-1:123456789012:database/default",
      "arn:aws:glue:eu-west-1:123456789012:database/athena_lake",
      "arn:aws:glue:eu-west-1:123456789012:table/athena_lake/*",
    ])
    error_message = "query-service may read the Glue catalog, database/default and the lake database's tables only."
  }

  assert {
    condition = !anytrue(flatten([
      for s in data.aws_iam_policy_document.query_service.statement : [for r in s.resources : strcontains(r, "athena_lake_staging")]
    ]))
    error_message = "query-service must have no access to the staging database."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.query_service.statement :
      s.actions == toset(["lambda:InvokeFunction"]) && contains(s.resources, "arn:aws:lambda:eu-west-1:123456789012:function:athena-minio") && contains(s.resources, "arn:aws:lambda:eu-west-1:123456789012:function:athena-postgres")
    ])
    error_message = "query-service must be able to invoke the connectors (Athena uses the caller's credentials)."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.query_service.statement :
      s.actions == toset(["s3:GetObject"]) && s.resources == toset(["arn:aws:s3:::acme-minio-spill/*", "arn:aws:s3:::acme-postgres-spill/*"])
    ])
    error_message = "query-service must read the connectors' spill (Athena reads spill with the caller's credentials)."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.query_service.statement :
      s.actions == toset(["kms:Decrypt"]) && s.resources == toset(["arn:aws:kms:eu-west-1:123456789012:key/export-key", "arn:aws:kms:eu-west-1:123456789012:key/minio-spill-key"])
    ])
    error_message = "query-service must decrypt the lake and the spill."
  }

  assert {
    condition = alltrue(flatten([
      for d in [data.aws_iam_policy_document.export_service, data.aws_iam_policy_document.query_service, data.aws_iam_policy_document.execution] : [
        for s in d.statement : [for a in s.actions : a != "*" && !endswith(a, ":*")]
      ]
    ]))
    error_message = "No wildcard actions in the service policies."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.execution.statement :
      contains(s.actions, "ecr:BatchGetImage") && s.resources == toset([
        "arn:aws:ecr:eu-west-1:123456789012:repository/athena-lake/export-service",
        "arn:aws:ecr:eu-west-1:123456789012:repository/athena-lake/query-service",
      ])
    ])
    error_message = "The execution role may pull the two service repositories only."
  }

  # Tasks, load balancer, scaling
  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.export_service.container_definitions)[0].image == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/athena-lake/export-service:1.0.0" &&
      jsondecode(aws_ecs_task_definition.query_service.container_definitions)[0].portMappings[0].containerPort == 8080 &&
      aws_ecs_task_definition.export_service.task_role_arn == aws_iam_role.export_service.arn &&
      aws_ecs_task_definition.query_service.task_role_arn == aws_iam_role.query_service.arn
    )
    error_message = "Each task must run its image with its own task role."
  }

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.export_service.container_definitions)[0].environment, { name = "ATHENA_LAKE_RDS_EVENTS_QUEUE_URL", value = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events" })
    error_message = "export-service must be told its queue."
  }

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.export_service.container_definitions)[0].environment, { name = "ATHENA_LAKE_SOURCES", value = "orders-db,reporting-*" })
    error_message = "export-service must be told which RDS sources to export."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 0 && aws_lb_listener.http.protocol == "HTTP" && one(aws_lb_listener.http.default_action).type == "forward"
    error_message = "Without a certificate the load balancer serves plain HTTP."
  }

  assert {
    condition     = output.query_service_url == "http://athena-lake-query-123.eu-west-1.elb.amazonaws.com"
    error_message = "The query-service URL must be the load balancer's."
  }

  assert {
    condition     = aws_lb.this.internal && aws_lb.this.drop_invalid_header_fields
    error_message = "The load balancer must be internal by default and drop invalid headers."
  }

  assert {
    condition = (
      aws_appautoscaling_target.export_service.resource_id == "service/athena-lake/export-service" &&
      aws_appautoscaling_target.export_service.min_capacity == 1 &&
      aws_appautoscaling_target.export_service.max_capacity == 4
    )
    error_message = "export-service must scale between 1 and 4 tasks."
  }

  assert {
    condition = anytrue([
      for m in one(one(aws_appautoscaling_policy.export_service.target_tracking_scaling_policy_configuration).customized_metric_specification).metrics :
      one(one(m.metric_stat).metric).metric_name == "ApproximateNumberOfMessagesVisible" &&
      anytrue([for d in one(one(m.metric_stat).metric).dimensions : d.name == "QueueName" && d.value == "athena-lake-rds-events"])
      if length(m.metric_stat) > 0
    ])
    error_message = "export-service must scale on the rds-events queue depth."
  }
}

run "https_listener_with_certificate" {
  command = plan

  variables {
    queue_kms_key_arns = ["arn:aws:kms:eu-west-1:123456789012:key/queue-key"]
    load_balancer = {
      subnet_ids          = ["subnet-0aaaaaaaaaaaaaaa0", "subnet-0aaaaaaaaaaaaaaa1"]
      ingress_cidr_blocks = ["0.0.0.0/0"]
      internal            = false
      certificate_arn     = "arn:aws:acm:eu-west-1:123456789012:certificate/0123abcd-0123-abcd-0123-0123456789ab"
    }
  }

  assert {
    condition     = aws_lb_listener.https[0].protocol == "HTTPS" && aws_lb_listener.https[0].port == 443 && aws_lb_listener.https[0].certificate_arn == "arn:aws:acm:eu-west-1:123456789012:certificate/0123abcd-0123-abcd-0123-0123456789ab"
    error_message = "With a certificate the load balancer must listen on HTTPS."
  }

  assert {
    condition     = one(aws_lb_listener.http.default_action).type == "redirect" && one(one(aws_lb_listener.http.default_action).redirect).protocol == "HTTPS"
    error_message = "With a certificate plain HTTP must redirect to HTTPS."
  }

  assert {
    condition     = startswith(output.query_service_url, "https://")
    error_message = "With a certificate the query-service URL is https."
  }
  assert {
    condition = alltrue([
      for d in [data.aws_iam_policy_document.export_service, data.aws_iam_policy_document.query_service] : anytrue([
        for s in d.statement :
        s.resources == toset(["arn:aws:kms:eu-west-1:123456789012:key/queue-key"]) && anytrue([
          for c in s.condition : c.test == "StringEquals" && c.variable == "kms:ViaService" && c.values == tolist(["sqs.eu-west-1.amazonaws.com"])
        ])
      ])
    ])
    error_message = "Both services may use the queues' key through SQS only."
  }
}

run "internet_facing_plain_http_with_the_opt_out" {
  command = plan

  variables {
    allow_plain_http_internet_facing = true
    load_balancer = {
      subnet_ids          = ["subnet-0aaaaaaaaaaaaaaa0", "subnet-0aaaaaaaaaaaaaaa1"]
      ingress_cidr_blocks = ["0.0.0.0/0"]
      internal            = false
    }
  }

  assert {
    condition     = !aws_lb.this.internal && length(aws_lb_listener.https) == 0 && startswith(output.query_service_url, "http://")
    error_message = "With the explicit opt-out an internet-facing load balancer may serve plain HTTP."
  }
}

# snapshots layout: the crawler writes the lake database; export-service starts it and deletes the
# tables dropped at the source, as before the replace layout switched tables itself.
run "snapshots_layout_only_drops_tables" {
  command = plan

  variables {
    lake = {
      export_bucket_name         = "acme-rds-exports"
      export_bucket_arn          = "arn:aws:s3:::acme-rds-exports"
      export_prefix              = "exports/"
      lake_prefix                = "lake/"
      kms_key_arn                = "arn:aws:kms:eu-west-1:123456789012:key/export-key"
      export_role_arn            = "arn:aws:iam::123456789012:role/athena-lake-rds-export"
      crawler_name               = "athena-lake-lake"
      crawler_arn                = "arn:aws:glue:eu-west-1:123456789012:crawler/athena-lake-lake"
      glue_database_name         = "athena_lake"
      layout_mode                = "snapshots"
      glue_staging_database_name = null
      rds_events_queue_url       = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events"
      rds_events_queue_arn       = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"
      rds_events_queue_name      = "athena-lake-rds-events"
      rds_events_dlq_url         = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events-dlq"
      rds_events_dlq_arn         = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq"
    }
  }

  assert {
    condition = tomap({
      for r in toset(flatten([
        for s in data.aws_iam_policy_document.export_service.statement : tolist(s.resources) if anytrue([for a in s.actions : startswith(a, "glue:")])
      ])) :
      r => toset(flatten([
        for s in data.aws_iam_policy_document.export_service.statement : [for a in s.actions : a if startswith(a, "glue:")] if contains(s.resources, r)
      ]))
      }) == tomap({
      "arn:aws:glue:eu-west-1:123456789012:catalog"                  = toset(["glue:DeleteTable"])
      "arn:aws:glue:eu-west-1:123456789012:database/athena_lake"     = toset(["glue:DeleteTable"])
      "arn:aws:glue:eu-west-1:123456789012:table/athena_lake/*"      = toset(["glue:DeleteTable"])
      "arn:aws:glue:eu-west-1:123456789012:crawler/athena-lake-lake" = toset(["glue:StartCrawler", "glue:GetCrawler"])
    })
    error_message = "snapshots layout: export-service must have exactly DeleteTable on the lake database's tables (with the database and the catalog) and StartCrawler and GetCrawler on the crawler, no other Glue action or resource."
  }

  # A table dropped at the source: export-service deletes its Glue table itself (the crawler's
  # DeleteBehavior LOG would keep it).
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.export_service.statement :
      s.sid == "DropTablesDroppedAtTheSource" && s.actions == toset(["glue:DeleteTable"]) && s.resources == toset([
        "arn:aws:glue:eu-west-1:123456789012:catalog",
        "arn:aws:glue:eu-west-1:123456789012:database/athena_lake",
        "arn:aws:glue:eu-west-1:123456789012:table/athena_lake/*",
      ])
    ])
    error_message = "export-service must be able to delete the lake database's tables (glue:DeleteTable on the catalog, database/athena_lake and table/athena_lake/*), and only those."
  }

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.export_service.container_definitions)[0].environment, { name = "ATHENA_LAKE_LAYOUT_MODE", value = "snapshots" })
    error_message = "export-service must be told the snapshots layout (ATHENA_LAKE_LAYOUT_MODE = snapshots)."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.query_service.statement : tolist(s.resources) if anytrue([for a in s.actions : startswith(a, "glue:")])
      ])) == toset([
      "arn:aws:glue:eu-west-1:123456789012:catalog",
      "arn:aws:glue:eu-west-1:123456789012:database/default",
      "arn:aws:glue:eu-west-1:123456789012:database/athena_lake",
      "arn:aws:glue:eu-west-1:123456789012:table/athena_lake/*",
    ])
    error_message = "query-service reads the same lake database in both layouts."
  }
}
