variable "name" {
  description = "Name of the connector Lambda function the application creates (the SAR template allows ^[a-z0-9-_]{1,64}$). Also prefixes the role, log group and security group."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_-]{1,64}$", var.name))
    error_message = "name must match ^[a-z0-9-_]{1,64}$ (the AthenaPostgreSQLConnector template rejects anything else at apply time)."
  }
}

variable "catalog_name" {
  description = "Name of the Athena data catalog (the name used in SQL: \"<catalog>\".\"<schema>\".\"<table>\")."
  type        = string
  default     = "postgres"

  validation {
    condition     = can(regex("^[a-z0-9_-]{1,127}$", var.catalog_name))
    error_message = "catalog_name must be 1-127 lower-case letters, digits, '_' or '-' (Athena lower-cases catalog names in queries)."
  }
}

variable "handler_variant" {
  description = "\"single\" (PostGreSqlCompositeHandler: one database through the default connection string) or \"multiplexed\" (PostGreSqlMuxCompositeHandler: one function serving several catalogs)."
  type        = string
  default     = "single"

  validation {
    condition     = contains(["single", "multiplexed"], var.handler_variant)
    error_message = "handler_variant must be \"single\" or \"multiplexed\"."
  }
}

variable "additional_catalog_names" {
  description = "Multiplexed variant only: further Athena data catalogs served by the same function. The multiplexer looks up a Lambda environment variable \"<catalog>_connection_string\" for each; the SAR application only sets the default one (see README)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for n in var.additional_catalog_names : can(regex("^[a-z0-9_-]{1,127}$", n))])
    error_message = "Every additional catalog name must be 1-127 lower-case letters, digits, '_' or '-'."
  }
}

variable "application_version" {
  description = "Semantic version of the AthenaPostgreSQLConnector application in the Serverless Application Repository. Pinned: upgrade deliberately (see README, \"The pinned release\"). Releases before 2024.42.1 deploy a java11 zip function, which Lambda no longer lets anyone create."
  type        = string
  default     = "2026.33.1"

  validation {
    condition     = can(regex("^\\d{4}\\.\\d{1,2}\\.\\d+$", var.application_version))
    error_message = "application_version must be a connector release such as 2026.33.1."
  }

  # Up to 2024.38.1 the template deploys a zip function on the java11 runtime; Lambda blocks
  # creating java11 (and java17, Amazon Linux 2) functions since 2026-07-31. From 2024.42.1
  # on it deploys a container image, which the runtime deprecation schedule does not cover.
  validation {
    condition = try(
      tonumber(split(".", var.application_version)[0]) * 1000000 +
      tonumber(split(".", var.application_version)[1]) * 1000 +
      tonumber(split(".", var.application_version)[2]) >= 2024042001,
      false,
    )
    error_message = "application_version must be 2024.42.1 or later: earlier releases deploy a java11 zip function, and Lambda blocks creating java11 functions since 2026-07-31."
  }
}

variable "database" {
  description = "The PostgreSQL database the connector reads: endpoint host, port, database name and extra JDBC parameters appended after the secret placeholder (e.g. { sslmode = \"require\" })."
  type = object({
    host            = string
    port            = optional(number, 5432)
    name            = string
    jdbc_parameters = optional(map(string), {})
  })

  validation {
    condition     = can(regex("^[A-Za-z0-9.-]+$", var.database.host)) && var.database.port >= 1 && var.database.port <= 65535
    error_message = "database.host must be a host name and database.port a TCP port (1-65535)."
  }

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_$-]{0,62}$", var.database.name))
    error_message = "database.name must be a PostgreSQL database name (at most 63 characters)."
  }
}

variable "secret_name" {
  description = "Name of the Secrets Manager secret created for the read-only database user. It becomes the connector's SecretNamePrefix and the placeholder in the connection string."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", var.secret_name))
    error_message = "secret_name must be 1-512 characters of letters, digits and /_+=.@-."
  }
}

variable "read_only_user" {
  description = "Credentials of the read-only database user stored in the secret. Null creates the secret without a value: put {\"username\":...,\"password\":...} into it before the first query."
  type = object({
    username = string
    password = string
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

variable "vpc_id" {
  description = "VPC of the database; the connector runs in it."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the connector function. They need a route to S3, Secrets Manager and Athena (NAT gateway or VPC endpoints)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "subnet_ids must hold at least one subnet id (subnet-...)."
  }
}

variable "database_security_group_id" {
  description = "Security group of the database. The module opens its port to the connector's security group."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]{8,17}$", var.database_security_group_id))
    error_message = "database_security_group_id must be a security group id (sg-...)."
  }
}

variable "spill_bucket_name" {
  description = "Name of the spill bucket the module creates. Results over Lambda's inline response limit (~6 MB) are written here and read by Athena."
  type        = string
}

variable "spill_prefix" {
  description = "Prefix inside the spill bucket."
  type        = string
  default     = "athena-spill"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-][A-Za-z0-9/_.-]*[A-Za-z0-9_-]$", var.spill_prefix))
    error_message = "spill_prefix must be a plain S3 key prefix without leading or trailing '/'."
  }
}

variable "spill_expiration_days" {
  description = "Days after which spilled objects expire. Spill is only needed while a query runs."
  type        = number
  default     = 1

  validation {
    condition     = var.spill_expiration_days >= 1 && floor(var.spill_expiration_days) == var.spill_expiration_days
    error_message = "spill_expiration_days must be a whole number of days, at least 1."
  }
}

variable "spill_encryption" {
  description = "Spill bucket encryption: \"SSE_KMS\" (default; with spill_kms_key_arn or a key the module creates) or \"SSE_S3\". The connector additionally encrypts spilled blocks with AES-GCM."
  type        = string
  default     = "SSE_KMS"

  validation {
    condition     = contains(["SSE_KMS", "SSE_S3"], var.spill_encryption)
    error_message = "spill_encryption must be \"SSE_KMS\" or \"SSE_S3\"."
  }
}

variable "spill_kms_key_arn" {
  description = "Existing KMS key for the spill bucket (SSE_KMS). Null lets the module create one."
  type        = string
  default     = null

  validation {
    condition     = var.spill_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$", var.spill_kms_key_arn))
    error_message = "spill_kms_key_arn must be a KMS key ARN."
  }
}

variable "lambda_memory" {
  description = "Memory of the connector function in MB."
  type        = number
  default     = 3008

  validation {
    condition     = var.lambda_memory >= 128 && var.lambda_memory <= 10240
    error_message = "lambda_memory must be between 128 and 10240 MB."
  }
}

variable "lambda_timeout" {
  description = "Timeout of the connector function in seconds."
  type        = number
  default     = 900

  validation {
    condition     = var.lambda_timeout >= 1 && var.lambda_timeout <= 900
    error_message = "lambda_timeout must be between 1 and 900 seconds."
  }
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

variable "permissions_boundary_arn" {
  description = "Permissions boundary for the connector role. Null sets none."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::(\\d{12}|aws):policy/.+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
