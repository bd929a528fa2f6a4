mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan

  # Distinct ARNs, so the redrive assertions can tell the two queues apart.
  override_resource {
    target = aws_sqs_queue.this
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:orders"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"
      id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"
    }
  }

  override_resource {
    target = aws_sqs_queue.dlq
    values = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq"
      id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq"
    }
  }
}

variables {
  name = "orders"
}

run "redrives_to_its_dlq_and_encrypts" {
  command = plan

  assert {
    condition     = aws_sqs_queue.dlq.name == "orders-dlq"
    error_message = "The dead-letter queue must be named <name>-dlq."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dlq.arn
    error_message = "The queue must redrive to its own dead-letter queue."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount == 5
    error_message = "maxReceiveCount must default to 5."
  }

  assert {
    condition = (
      aws_sqs_queue_redrive_allow_policy.dlq.queue_url == aws_sqs_queue.dlq.id &&
      jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).redrivePermission == "byQueue" &&
      jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).sourceQueueArns == [aws_sqs_queue.this.arn]
    )
    error_message = "Only the queue itself may redrive into the dead-letter queue (byQueue, not allowAll)."
  }

  assert {
    condition     = aws_sqs_queue_policy.this.queue_url == aws_sqs_queue.this.id && aws_sqs_queue_policy.dlq.queue_url == aws_sqs_queue.dlq.id
    error_message = "Each queue must carry its own policy."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.dlq.statement :
      s.effect == "Deny" && contains(s.resources, aws_sqs_queue.dlq.arn) &&
      anytrue([for c in s.condition : c.variable == "aws:SecureTransport" && c.values == tolist(["false"])])
    ])
    error_message = "The dead-letter queue policy must deny requests without TLS."
  }

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled && aws_sqs_queue.dlq.sqs_managed_sse_enabled
    error_message = "Both queues must be encrypted at rest (SSE-SQS by default)."
  }

  assert {
    condition     = !aws_sqs_queue.this.fifo_queue && !aws_sqs_queue.dlq.fifo_queue && aws_sqs_queue.this.name == "orders" && !output.fifo
    error_message = "By default both queues must be standard queues, named without \".fifo\"."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.this.statement :
      s.effect == "Deny" && contains(s.resources, aws_sqs_queue.this.arn) &&
      anytrue([for c in s.condition : c.variable == "aws:SecureTransport" && c.values == tolist(["false"])])
    ])
    error_message = "The queue policy must deny requests without TLS."
  }
}

run "kms_and_custom_receive_count" {
  command = plan

  variables {
    kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/abcd-1234"
    max_receive_count = 3
  }

  assert {
    condition     = aws_sqs_queue.this.kms_master_key_id == var.kms_key_arn && aws_sqs_queue.dlq.kms_master_key_id == var.kms_key_arn && output.kms_key_arn == var.kms_key_arn
    error_message = "Both queues must use the given KMS key."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount == 3
    error_message = "maxReceiveCount must follow max_receive_count."
  }
}

run "merges_caller_documents_into_both_policies" {
  command = plan

  variables {
    policy_documents     = ["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Producer\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}"]
    dlq_policy_documents = ["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DeadLetters\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}"]
  }

  assert {
    condition     = data.aws_iam_policy_document.this.source_policy_documents == var.policy_documents && output.policy_document_count == 1
    error_message = "The caller's documents must be merged into the queue's policy."
  }

  assert {
    condition     = data.aws_iam_policy_document.dlq.source_policy_documents == var.dlq_policy_documents && output.dlq_policy_document_count == 1
    error_message = "The caller's documents must be merged into the dead-letter queue's policy."
  }
}

run "fifo_queue_and_fifo_dlq" {
  command = plan

  variables {
    fifo = true
  }

  assert {
    condition     = aws_sqs_queue.this.name == "orders.fifo" && aws_sqs_queue.dlq.name == "orders-dlq.fifo"
    error_message = "A FIFO queue must be named <name>.fifo and its dead-letter queue <name>-dlq.fifo."
  }

  assert {
    condition     = aws_sqs_queue.this.fifo_queue && output.fifo
    error_message = "With fifo the queue must be a FIFO queue."
  }

  assert {
    condition     = aws_sqs_queue.dlq.fifo_queue
    error_message = "A FIFO queue's dead-letter queue must be a FIFO queue (SQS refuses a standard one)."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dlq.arn
    error_message = "The FIFO queue must redrive to its own FIFO dead-letter queue."
  }

  assert {
    condition     = aws_sqs_queue.this.content_based_deduplication == false && aws_sqs_queue.dlq.content_based_deduplication == false
    error_message = "Deduplication must be by the sender's MessageDeduplicationId only (content-based deduplication off)."
  }

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled && aws_sqs_queue.dlq.sqs_managed_sse_enabled
    error_message = "A FIFO queue and its dead-letter queue must be encrypted at rest like any other."
  }
}

run "longest_name_fits_as_a_fifo_dlq" {
  command = plan

  variables {
    fifo = true
    name = "a2345678901234567890123456789012345678901234567890123456789012345678901"
  }

  assert {
    condition     = length(aws_sqs_queue.dlq.name) == 80 && endswith(aws_sqs_queue.dlq.name, "-dlq.fifo")
    error_message = "The longest accepted name (71 characters) must give an 80-character <name>-dlq.fifo, SQS's limit."
  }
}
