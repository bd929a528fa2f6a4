variable "name" {
  description = "Bucket name. Globally unique; 3-63 lower-case letters, digits, dots and hyphens."
  type        = string

  validation {
    condition = (
      can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.name)) &&
      !can(regex("\\.\\.|\\.-|-\\.", var.name)) &&
      !can(regex("^\\d+\\.\\d+\\.\\d+\\.\\d+$", var.name)) &&
      !startswith(var.name, "xn--") &&
      !startswith(var.name, "sthree-") &&
      !endswith(var.name, "-s3alias") &&
      !endswith(var.name, "--ol-s3")
    )
    error_message = "The bucket name must follow the S3 naming rules: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, no reserved prefix or suffix."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key for default encryption (SSE-KMS, with an S3 bucket key). Null uses SSE-S3 (AES256)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "expiration_days" {
  description = "Days after which objects expire (under expiration_prefix). Null keeps objects."
  type        = number
  default     = null

  validation {
    condition     = var.expiration_days == null || try(var.expiration_days >= 1 && floor(var.expiration_days) == var.expiration_days, false)
    error_message = "expiration_days must be a whole number of days, at least 1."
  }
}

variable "expiration_prefix" {
  description = "Key prefix the expiration applies to. Empty applies it to the whole bucket."
  type        = string
  default     = ""
}

variable "versioning" {
  description = "Enable object versioning. Noncurrent versions expire after noncurrent_version_expiration_days."
  type        = bool
  default     = false
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which noncurrent object versions expire (only with versioning)."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Allow Terraform to delete the bucket while it still holds objects."
  type        = bool
  default     = false
}

variable "policy_documents" {
  description = "Additional IAM policy documents (JSON) merged into the bucket policy, next to the TLS-only statement."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
