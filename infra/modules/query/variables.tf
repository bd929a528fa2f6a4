variable "name_prefix" {
  description = "Prefix of the queue names and the key alias."
  type        = string
  default     = "athena-lake"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-32 lower-case letters, digits and '-', starting with a letter."
  }
}

variable "workgroup_name" {
  description = "Name of the Athena workgroup query-service and users run queries in."
  type        = string
  default     = "athena-lake"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,128}$", var.workgroup_name))
    error_message = "workgroup_name must be 1-128 letters, digits, '.', '_' or '-'."
  }
}

variable "results_bucket_name" {
  description = "Name of the query results bucket the module creates."
  type        = string
}

variable "results_prefix" {
  description = "Prefix of query results in the results bucket."
  type        = string
  default     = "results/"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.=-]+(/[A-Za-z0-9_.=-]+)*/$", var.results_prefix))
    error_message = "results_prefix must be a relative key prefix ending with '/', e.g. \"results/\"."
  }
}

variable "results_expiration_days" {
  description = "Days after which query results expire (Athena's query history keeps the metadata)."
  type        = number
  default     = 30

  validation {
    condition     = var.results_expiration_days >= 1 && floor(var.results_expiration_days) == var.results_expiration_days
    error_message = "results_expiration_days must be a whole number of days, at least 1."
  }
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Athena cancels a query that scans more than this many bytes. At least 10 MB (10485760), Athena's minimum."
  type        = number
  default     = 107374182400 # 100 GiB

  validation {
    condition     = var.bytes_scanned_cutoff_per_query >= 10485760 && floor(var.bytes_scanned_cutoff_per_query) == var.bytes_scanned_cutoff_per_query
    error_message = "bytes_scanned_cutoff_per_query must be a whole number of bytes, at least 10485760 (10 MB)."
  }
}

variable "kms_key_arn" {
  description = "KMS key for the results (SSE_KMS) and the results bucket. Null lets the module create one."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "queue_kms_key_arn" {
  description = "KMS key for the query-requests, query-results, lake-events and schedule-firings queues. Null uses SSE-SQS (no key policy needed for other producers and consumers)."
  type        = string
  default     = null
}

variable "queue_max_receive_count" {
  description = "Receives before a message of any of the four queues moves to its dead-letter queue."
  type        = number
  default     = 5
}

variable "query_requests_visibility_timeout_seconds" {
  description = "Visibility timeout of query-requests: above the longest time query-service holds a request (a synchronous query's timeout)."
  type        = number
  default     = 900
}

variable "force_destroy" {
  description = "Allow Terraform to delete the results bucket and the workgroup while they hold results and queries (test environments)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
