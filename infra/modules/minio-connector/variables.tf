variable "name" {
  description = "Name of the connector Lambda function; also prefixes its role, log group and security group."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, '-' or '_' (Lambda function name rules)."
  }
}

variable "catalog_name" {
  description = "Name of the Athena data catalog (the name used in SQL: \"<catalog>\".\"<bucket>\".\"<table>\")."
  type        = string
  default     = "minio"

  validation {
    condition     = can(regex("^[a-z0-9_-]{1,127}$", var.catalog_name))
    error_message = "catalog_name must be 1-127 lower-case letters, digits, '_' or '-' (Athena lower-cases catalog names in queries)."
  }
}

variable "package" {
  description = <<-EOT
    Where the connector-service code comes from. Either a zip in S3 (s3_bucket + s3_key,
    optional s3_object_version) — the build's connector-service/target/function.zip is larger
    than Lambda's direct upload limit, so it goes through S3 — or a container image
    (image_uri). With file set, the module uploads that local zip to s3_bucket/s3_key itself
    and redeploys when its content changes.
  EOT
  type = object({
    file              = optional(string)
    s3_bucket         = optional(string)
    s3_key            = optional(string)
    s3_object_version = optional(string)
    image_uri         = optional(string)
  })

  validation {
    condition = (
      (var.package.image_uri != null) != (var.package.s3_bucket != null && var.package.s3_key != null) &&
      (var.package.image_uri == null || (var.package.file == null && var.package.s3_bucket == null && var.package.s3_key == null))
    )
    error_message = "package needs either s3_bucket + s3_key (optionally file) or image_uri, not both."
  }

  validation {
    condition     = var.package.image_uri == null || can(regex("^\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$", var.package.image_uri))
    error_message = "package.image_uri must be an ECR image URI with a tag or digest (Lambda only runs images from ECR)."
  }

  validation {
    condition     = var.package.file == null || endswith(coalesce(var.package.file, "-"), ".zip")
    error_message = "package.file must be the path of a .zip (connector-service/target/function.zip)."
  }
}

variable "runtime" {
  description = "Java runtime of the zip package (ignored for images). java21 (Amazon Linux 2023): Lambda blocks creating java17 and java11 functions (Amazon Linux 2) since 2026-07-31."
  type        = string
  default     = "java21"

  validation {
    condition     = contains(["java21"], var.runtime)
    error_message = "runtime must be java21: Lambda blocks creating java17 and java11 functions (Amazon Linux 2) since 2026-07-31."
  }
}

variable "handler" {
  description = "Handler of the zip package (ignored for images)."
  type        = string
  default     = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
}

variable "memory_size" {
  description = "Memory of the function in MB (CPU scales with it)."
  type        = number
  default     = 3008

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout of the function in seconds."
  type        = number
  default     = 900

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "snap_start" {
  description = "Enable Lambda SnapStart (zip packages only). The function is then published and the catalog points at the \"live\" alias, because SnapStart only applies to published versions."
  type        = bool
  default     = false
}

variable "vpc" {
  description = "Run the function in a VPC (needed when MinIO is only reachable from there). The subnets need a route to MinIO and to S3, Secrets Manager and Athena."
  type = object({
    vpc_id            = string
    subnet_ids        = list(string)
    minio_port        = optional(number, 9000)
    minio_cidr_blocks = list(string)
    https_cidr_blocks = optional(list(string), ["0.0.0.0/0"])
  })
  default = null

  validation {
    condition = var.vpc == null ? true : (
      can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc.vpc_id)) &&
      length(var.vpc.subnet_ids) > 0 &&
      alltrue([for s in var.vpc.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    )
    error_message = "vpc.vpc_id must be a VPC id (vpc-...) and vpc.subnet_ids at least one subnet id (subnet-...)."
  }

  validation {
    condition     = var.vpc == null ? true : alltrue([for c in concat(var.vpc.minio_cidr_blocks, var.vpc.https_cidr_blocks) : can(cidrhost(c, 0))])
    error_message = "vpc.minio_cidr_blocks and vpc.https_cidr_blocks must be IPv4 CIDR blocks."
  }
}

variable "minio" {
  description = "Where the data lives: bucket_prefix (buckets starting with it are databases), tables_path (folder whose sub-folders are tables) and scheme (http or https)."
  type = object({
    bucket_prefix = optional(string, "")
    tables_path   = optional(string, "")
    scheme        = optional(string, "https")
  })
  default = {}

  validation {
    condition     = contains(["http", "https"], var.minio.scheme)
    error_message = "minio.scheme must be \"http\" or \"https\"."
  }
}

variable "secret_name" {
  description = "Name of the Secrets Manager secret the module creates for the MinIO credentials (JSON keys access_key, secret_key, server)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", var.secret_name))
    error_message = "secret_name must be 1-512 characters of letters, digits and /_+=.@-."
  }
}

variable "minio_credentials" {
  description = "MinIO credentials written to the secret (server is host:port). Null creates the secret without a value: put {\"access_key\":...,\"secret_key\":...,\"server\":...} into it before the first query."
  type = object({
    access_key = string
    secret_key = string
    server     = string
  })
  default   = null
  sensitive = true
}

variable "secret_recovery_window_in_days" {
  description = "Days a deleted secret can be restored before Secrets Manager deletes it for good (7-30), or 0 to delete it at once. While a deleted secret waits, no secret of the same name can be created: a destroy followed by an apply fails until then. 0 suits test environments."
  type        = number
  default     = 30

  validation {
    condition     = var.secret_recovery_window_in_days == 0 || (var.secret_recovery_window_in_days >= 7 && var.secret_recovery_window_in_days <= 30 && floor(var.secret_recovery_window_in_days) == var.secret_recovery_window_in_days)
    error_message = "secret_recovery_window_in_days must be 0 (delete at once) or a whole number from 7 to 30."
  }
}

variable "secret_kms_key_arn" {
  description = "KMS key that encrypts the secret. Null uses the AWS managed key aws/secretsmanager."
  type        = string
  default     = null

  validation {
    condition     = var.secret_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$", var.secret_kms_key_arn))
    error_message = "secret_kms_key_arn must be a KMS key ARN."
  }
}

variable "spill_bucket_name" {
  description = "Name of the spill bucket the module creates. Results over Lambda's inline response limit are written here and read by Athena."
  type        = string
}

variable "spill_expiration_days" {
  description = "Days after which spilled objects expire."
  type        = number
  default     = 1

  validation {
    condition     = var.spill_expiration_days >= 1 && floor(var.spill_expiration_days) == var.spill_expiration_days
    error_message = "spill_expiration_days must be a whole number of days, at least 1."
  }
}

variable "spill_kms_key_arn" {
  description = "Existing KMS key for the spill bucket and the connector's spill encryption (SPILL_KMS_KEY_ID). Null lets the module create one."
  type        = string
  default     = null

  validation {
    condition     = var.spill_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$", var.spill_kms_key_arn))
    error_message = "spill_kms_key_arn must be a KMS key ARN."
  }
}

variable "environment" {
  description = "Extra environment variables of the function (they cannot override the ones the module sets)."
  type        = map(string)
  default     = {}
}

variable "log_retention_days" {
  description = "Retention of the function's CloudWatch log group."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
