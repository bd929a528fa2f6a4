# Plans the whole composition with mocks: catches wiring mistakes (cycles, types,
# validations of one module fed by another) that validate alone does not.

mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan

  # The mock gives every queue one URL; schedule-firings' are FIFO (the services module refuses
  # others) and distinct, so that the wiring into query-service can be told apart.
  override_resource {
    target = module.query.module.schedule_firings.aws_sqs_queue.this
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings.fifo"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings.fifo"
    }
  }

  override_resource {
    target = module.query.module.schedule_firings.aws_sqs_queue.dlq
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings-dlq.fifo"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings-dlq.fifo"
    }
  }
}

variables {
  bucket_name_prefix                = "acme-test-athena-lake"
  vpc_id                            = "vpc-0123456789abcdef0"
  private_subnet_ids                = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  load_balancer_subnet_ids          = ["subnet-0fedcba9876543210", "subnet-0fedcba9876543211"]
  load_balancer_ingress_cidr_blocks = ["10.0.0.0/8"]
  certificate_arn                   = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  connector_package_file            = "../../modules/minio-connector/tests/fixtures/function.zip"
  postgres = {
    host              = "orders.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    name              = "orders"
    security_group_id = "sg-0123456789abcdef0"
  }
  minio = {
    bucket_prefix = "lake-"
    tables_path   = "tables"
    cidr_blocks   = ["10.20.0.0/16"]
  }
  export_service_image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/athena-lake/export-service:1.0.0"
  export_sources       = ["orders-db"]
  query_service_image  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/athena-lake/query-service:1.0.0"
}

run "composes_every_module" {
  command = plan

  assert {
    condition     = output.catalogs == { lake = "AwsDataCatalog", postgres = "postgres", minio = "minio" }
    error_message = "The example must expose the three catalogs."
  }

  assert {
    condition     = output.workgroup_name == "athena-lake" && output.lake_database == "athena_lake"
    error_message = "The example must expose the workgroup and the lake database."
  }

  assert {
    condition     = startswith(output.query_service_url, "https://")
    error_message = "With a certificate the query-service URL is https."
  }

  assert {
    condition     = keys(output.queue_urls) == ["lake-events", "query-requests", "query-results", "rds-events", "schedule-firings"]
    error_message = "The example must expose the five queue URLs."
  }

  assert {
    condition     = keys(output.dead_letter_queue_arns) == keys(output.queue_urls)
    error_message = "The example must expose the dead-letter queue of every queue."
  }

  assert {
    condition = (
      module.services.query_service_environment["QUERY_SERVICE_QUEUES_SCHEDULE_FIRINGS"] == "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings.fifo" &&
      module.services.query_service_environment["QUERY_SERVICE_QUEUES_SCHEDULE_FIRINGS_DLQ"] == "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings-dlq.fifo"
    )
    error_message = "query-service must be given the query module's schedule-firings queue and its dead-letter queue."
  }

  # The layout reaches export-service from snapshot-export, and the crawler writes the staging database.
  assert {
    condition = (
      module.services.export_service_environment["ATHENA_LAKE_LAYOUT_MODE"] == "replace" &&
      module.snapshot_export.glue_staging_database_name == "athena_lake_staging"
    )
    error_message = "The replace layout (default) must reach export-service (ATHENA_LAKE_LAYOUT_MODE) and give the crawler the staging database athena_lake_staging."
  }

  assert {
    condition     = output.secret_names == { postgres = "athena-lake/postgres-read-only", minio = "athena-lake/minio" }
    error_message = "The example must name the secrets to fill."
  }

  assert {
    condition = module.services.federated_catalogs == {
      postgres = module.postgres_connector.function_arn
      minio    = module.minio_connector.function_arn
    }
    error_message = "query-service must be allowed to query (invoke) both connectors."
  }

  assert {
    condition     = module.minio_connector.security_group_id != null
    error_message = "The MinIO connector must run in the VPC (MinIO is reachable from there only)."
  }

  assert {
    condition     = module.postgres_connector.stack_name == "serverlessrepo-athena-lake-postgres"
    error_message = "The PostgreSQL connector's stack must be serverlessrepo-<name>, without a doubled prefix."
  }
}

run "internal_load_balancer_without_certificate" {
  command = plan

  variables {
    certificate_arn = null
  }

  assert {
    condition     = startswith(output.query_service_url, "http://")
    error_message = "An internal load balancer without a certificate serves plain HTTP."
  }
}

run "snapshots_layout" {
  command = plan

  variables {
    lake_layout_mode = "snapshots"
  }

  assert {
    condition = (
      module.services.export_service_environment["ATHENA_LAKE_LAYOUT_MODE"] == "snapshots" &&
      module.snapshot_export.glue_staging_database_name == null
    )
    error_message = "The snapshots layout must reach export-service, without a staging database."
  }
}
