output "name" {
  description = "Queue name."
  value       = aws_sqs_queue.this.name
}

output "arn" {
  description = "Queue ARN."
  value       = aws_sqs_queue.this.arn
}

output "url" {
  description = "Queue URL."
  value       = aws_sqs_queue.this.url
}

output "fifo" {
  description = "Whether the queue is a FIFO queue (its dead-letter queue then is one too)."
  value       = aws_sqs_queue.this.fifo_queue
}

output "kms_key_arn" {
  description = "KMS key of the queue; null with SSE-SQS."
  value       = aws_sqs_queue.this.kms_master_key_id
}

output "redrive_policy" {
  description = "The queue's redrive policy (JSON): dead-letter target and maxReceiveCount."
  value       = aws_sqs_queue.this.redrive_policy
}

output "dlq_name" {
  description = "Dead-letter queue name."
  value       = aws_sqs_queue.dlq.name
}

output "dlq_arn" {
  description = "Dead-letter queue ARN."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_url" {
  description = "Dead-letter queue URL."
  value       = aws_sqs_queue.dlq.url
}

output "policy_document_count" {
  description = "Number of caller documents merged into the queue's policy (next to its TLS-only statement)."
  value       = length(var.policy_documents)
}

output "dlq_policy_document_count" {
  description = "Number of caller documents merged into the dead-letter queue's policy (next to its TLS-only statement)."
  value       = length(var.dlq_policy_documents)
}
