variable "name" {
  description = "Queue name, without \".fifo\". The dead-letter queue is named \"<name>-dlq\"; with fifo, the queues are \"<name>.fifo\" and \"<name>-dlq.fifo\". Letters, digits, '-' and '_', at most 71 characters."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,71}$", var.name))
    error_message = "The queue name must be 1-71 characters of letters, digits, '-' and '_', without \".fifo\" (SQS allows 80 characters, \".fifo\" included: a FIFO queue's dead-letter queue is \"<name>-dlq.fifo\", 9 more)."
  }
}

variable "fifo" {
  description = "Make a FIFO queue and a FIFO dead-letter queue (SQS requires a FIFO queue's dead-letter queue to be FIFO), both without content-based deduplication: every sender gives a MessageDeduplicationId and a MessageGroupId."
  type        = bool
  default     = false
}

variable "max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 1000."
  }
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays invisible to other consumers. Set it above the consumer's longest processing time."
  type        = number
  default     = 60

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200
    error_message = "visibility_timeout_seconds must be between 0 and 43200 (12 hours)."
  }
}

variable "message_retention_seconds" {
  description = "How long the queue keeps a message."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long the dead-letter queue keeps a message. Keep it longer than message_retention_seconds: the retention of a moved message counts from its original enqueue time."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "dlq_message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long-polling wait of ReceiveMessage calls."
  type        = number
  default     = 20

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20
    error_message = "receive_wait_time_seconds must be between 0 and 20."
  }
}

variable "kms_key_arn" {
  description = "KMS key for server-side encryption. Null uses SQS-managed encryption (SSE-SQS), which EventBridge and other AWS producers can send to without key policy changes."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "policy_documents" {
  description = "Additional IAM policy documents (JSON) merged into the queue policy, next to the TLS-only statement."
  type        = list(string)
  default     = []
}

variable "dlq_policy_documents" {
  description = "Additional IAM policy documents (JSON) merged into the dead-letter queue's policy, e.g. to let EventBridge dead-letter events a rule could not deliver."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
