# Inputs and settings the module must refuse at plan time (one run each, with the value
# that AWS would reject or that would break a guarantee). The behaviour of the module is
# tested in services.tftest.hcl.

mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan
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

run "refuses_internet_facing_plain_http" {
  command = plan

  variables {
    load_balancer = {
      subnet_ids          = ["subnet-0aaaaaaaaaaaaaaa0", "subnet-0aaaaaaaaaaaaaaa1"]
      ingress_cidr_blocks = ["0.0.0.0/0"]
      internal            = false
    }
  }

  expect_failures = [aws_lb.this]
}

run "rejects_untagged_image" {
  command = plan

  variables {
    export_service = {
      image   = "export-service"
      sources = ["orders-db"]
    }
  }

  expect_failures = [var.export_service]
}

run "rejects_non_fargate_cpu" {
  command = plan

  variables {
    query_service = {
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/athena-lake/query-service:1.0.0"
      cpu   = 300
    }
  }

  expect_failures = [var.query_service]
}

run "rejects_zero_min_count" {
  command = plan

  variables {
    export_service = {
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/athena-lake/export-service:1.0.0"
      sources   = ["orders-db"]
      min_count = 0
    }
  }

  expect_failures = [var.export_service]
}

run "rejects_bad_certificate_arn" {
  command = plan

  variables {
    load_balancer = {
      subnet_ids          = ["subnet-0aaaaaaaaaaaaaaa0", "subnet-0aaaaaaaaaaaaaaa1"]
      ingress_cidr_blocks = ["10.0.0.0/8"]
      certificate_arn     = "arn:aws:iam::123456789012:server-certificate/query"
    }
  }

  expect_failures = [var.load_balancer]
}

run "rejects_single_load_balancer_subnet" {
  command = plan

  variables {
    load_balancer = {
      subnet_ids          = ["subnet-0aaaaaaaaaaaaaaa0"]
      ingress_cidr_blocks = ["10.0.0.0/8"]
    }
  }

  expect_failures = [var.load_balancer]
}

run "rejects_bad_log_retention" {
  command = plan

  variables {
    log_retention_days = 10
  }

  expect_failures = [var.log_retention_days]
}

run "rejects_long_name_prefix" {
  command = plan

  variables {
    name_prefix = "athena-lake-production-eu"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_empty_or_invalid_sources" {
  command = plan

  variables {
    export_service = {
      image   = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/athena-lake/export-service:1.0.0"
      sources = ["bad_name!"]
    }
  }

  expect_failures = [var.export_service]
}

run "rejects_standard_schedule_firings_queue" {
  command = plan

  variables {
    query = merge(var.query, {
      schedule_firings_queue_url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-query-results"
      schedule_firings_queue_arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-results"
    })
  }

  expect_failures = [var.query]
}

# A layout export-service does not know (without a staging database, so that only the layout is wrong).
run "rejects_unknown_layout_mode" {
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
      layout_mode                = "append"
      glue_staging_database_name = null
      rds_events_queue_url       = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events"
      rds_events_queue_arn       = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"
      rds_events_queue_name      = "athena-lake-rds-events"
      rds_events_dlq_url         = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events-dlq"
      rds_events_dlq_arn         = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq"
    }
  }

  expect_failures = [var.lake]
}

# The replace layout without the staging database export-service reads.
run "rejects_replace_layout_without_staging_database" {
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
      layout_mode                = "replace"
      glue_staging_database_name = null
      rds_events_queue_url       = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events"
      rds_events_queue_arn       = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"
      rds_events_queue_name      = "athena-lake-rds-events"
      rds_events_dlq_url         = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events-dlq"
      rds_events_dlq_arn         = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq"
    }
  }

  expect_failures = [var.lake]
}

# A staging database that is the lake database (the crawler would write the live tables).
run "rejects_replace_layout_staging_equal_to_lake_database" {
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
      layout_mode                = "replace"
      glue_staging_database_name = "athena_lake"
      rds_events_queue_url       = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events"
      rds_events_queue_arn       = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"
      rds_events_queue_name      = "athena-lake-rds-events"
      rds_events_dlq_url         = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events-dlq"
      rds_events_dlq_arn         = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq"
    }
  }

  expect_failures = [var.lake]
}

# A staging database in the snapshots layout (snapshot-export creates none).
run "rejects_snapshots_layout_with_staging_database" {
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
      glue_staging_database_name = "athena_lake_staging"
      rds_events_queue_url       = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events"
      rds_events_queue_arn       = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events"
      rds_events_queue_name      = "athena-lake-rds-events"
      rds_events_dlq_url         = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-rds-events-dlq"
      rds_events_dlq_arn         = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-rds-events-dlq"
    }
  }

  expect_failures = [var.lake]
}
