mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan

  override_resource {
    target = aws_kms_key.this
    values = {
      arn    = "arn:aws:kms:eu-west-1:123456789012:key/results-key"
      key_id = "results-key"
    }
  }

  override_resource {
    target = module.query_requests.aws_sqs_queue.dlq
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-requests-dlq"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-query-requests-dlq"
    }
  }

  override_resource {
    target = module.query_results.aws_sqs_queue.dlq
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-results-dlq"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-query-results-dlq"
    }
  }

  override_resource {
    target = module.lake_events.aws_sqs_queue.dlq
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-lake-events-dlq"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-lake-events-dlq"
    }
  }

  override_resource {
    target = module.schedule_firings.aws_sqs_queue.this
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings.fifo"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings.fifo"
    }
  }

  override_resource {
    target = module.schedule_firings.aws_sqs_queue.dlq
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings-dlq.fifo"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings-dlq.fifo"
    }
  }
}

variables {
  results_bucket_name = "acme-athena-results"
}

run "workgroup_and_queues" {
  command = plan

  assert {
    condition     = one(aws_athena_workgroup.this.configuration).enforce_workgroup_configuration
    error_message = "The workgroup must enforce its configuration."
  }

  assert {
    condition = (
      one(one(one(aws_athena_workgroup.this.configuration).result_configuration).encryption_configuration).encryption_option == "SSE_KMS" &&
      one(one(one(aws_athena_workgroup.this.configuration).result_configuration).encryption_configuration).kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/results-key"
    )
    error_message = "Results must be encrypted with SSE_KMS and the results key."
  }

  assert {
    condition     = one(one(aws_athena_workgroup.this.configuration).result_configuration).output_location == "s3://acme-athena-results/results/"
    error_message = "Results must go to the results bucket."
  }

  assert {
    condition     = one(aws_athena_workgroup.this.configuration).bytes_scanned_cutoff_per_query == 107374182400
    error_message = "The bytes-scanned cutoff must default to 100 GiB."
  }

  assert {
    condition     = module.results_bucket.expiration_days == 30 && module.results_bucket.kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/results-key"
    error_message = "The results bucket must expire results after 30 days and be encrypted with the results key."
  }

  assert {
    condition = (
      jsondecode(module.query_requests.redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-requests-dlq" &&
      jsondecode(module.query_requests.redrive_policy).maxReceiveCount == 5
    )
    error_message = "query-requests must redrive to its dead-letter queue."
  }

  assert {
    condition = (
      jsondecode(module.query_results.redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:athena-lake-query-results-dlq" &&
      jsondecode(module.query_results.redrive_policy).maxReceiveCount == 5
    )
    error_message = "query-results must redrive to its dead-letter queue."
  }

  assert {
    condition = (
      jsondecode(module.lake_events.redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:athena-lake-lake-events-dlq" &&
      jsondecode(module.lake_events.redrive_policy).maxReceiveCount == 5
    )
    error_message = "lake-events must redrive to its dead-letter queue."
  }

  assert {
    condition = (
      output.query_requests_dlq_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-query-requests-dlq" &&
      output.lake_events_dlq_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-lake-events-dlq"
    )
    error_message = "The dead-letter queue URLs query-service sends invalid messages to must be exposed."
  }

  assert {
    condition     = aws_kms_key.this[0].enable_key_rotation
    error_message = "The results key must rotate."
  }

  assert {
    condition     = module.query_requests.name == "athena-lake-query-requests" && module.query_results.name == "athena-lake-query-results" && module.lake_events.name == "athena-lake-lake-events"
    error_message = "The queues must be named <prefix>-query-requests, -query-results and -lake-events."
  }

  # schedule-firings: SQS's deduplication of a FIFO queue makes one message per firing.
  assert {
    condition     = module.schedule_firings.fifo
    error_message = "schedule-firings must be a FIFO queue (its deduplication makes one message per firing)."
  }

  assert {
    condition     = module.schedule_firings.name == "athena-lake-schedule-firings.fifo" && module.schedule_firings.dlq_name == "athena-lake-schedule-firings-dlq.fifo"
    error_message = "schedule-firings must be <prefix>-schedule-firings.fifo, with the FIFO dead-letter queue <prefix>-schedule-firings-dlq.fifo."
  }

  assert {
    condition = (
      jsondecode(output.schedule_firings_redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings-dlq.fifo" &&
      jsondecode(output.schedule_firings_redrive_policy).maxReceiveCount == 5
    )
    error_message = "schedule-firings must redrive to its dead-letter queue after as many receives as the other queues."
  }

  assert {
    condition = (
      output.schedule_firings_queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings.fifo" &&
      output.schedule_firings_queue_arn == "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings.fifo" &&
      output.schedule_firings_dlq_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/athena-lake-schedule-firings-dlq.fifo" &&
      output.schedule_firings_dlq_arn == "arn:aws:sqs:eu-west-1:123456789012:athena-lake-schedule-firings-dlq.fifo"
    )
    error_message = "The schedule-firings queue and dead-letter queue query-service is given must be exposed."
  }

  assert {
    condition     = alltrue([for q in [module.query_requests, module.query_results, module.lake_events, module.schedule_firings] : q.kms_key_arn == null])
    error_message = "Without queue_kms_key_arn every queue, schedule-firings included, must use SSE-SQS."
  }
}

run "queues_with_a_kms_key" {
  command = plan

  variables {
    queue_kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/queue-key"
    queue_max_receive_count = 3
  }

  assert {
    condition = alltrue([
      for q in [module.query_requests, module.query_results, module.lake_events, module.schedule_firings] :
      q.kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/queue-key"
    ])
    error_message = "Every queue, schedule-firings included, must be encrypted with queue_kms_key_arn."
  }

  assert {
    condition = alltrue([
      for p in [output.query_requests_redrive_policy, output.query_results_redrive_policy, output.lake_events_redrive_policy, output.schedule_firings_redrive_policy] :
      jsondecode(p).maxReceiveCount == 3
    ])
    error_message = "Every queue, schedule-firings included, must follow queue_max_receive_count."
  }
}

run "cutoff_at_the_minimum_and_own_key" {
  command = plan

  variables {
    bytes_scanned_cutoff_per_query = 10485760
    kms_key_arn                    = "arn:aws:kms:eu-west-1:123456789012:key/own-key"
  }

  assert {
    condition     = one(aws_athena_workgroup.this.configuration).bytes_scanned_cutoff_per_query == 10485760
    error_message = "10 MB is a valid cutoff."
  }

  assert {
    condition     = length(aws_kms_key.this) == 0 && one(one(one(aws_athena_workgroup.this.configuration).result_configuration).encryption_configuration).kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/own-key"
    error_message = "A given key must be used instead of creating one."
  }
}
