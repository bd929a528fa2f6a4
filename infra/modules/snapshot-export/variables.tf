variable "name_prefix" {
  description = "Prefix of every name the module creates (key alias, roles, rules, queue, crawler)."
  type        = string
  default     = "athena-lake"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-32 lower-case letters, digits and '-', starting with a letter."
  }
}

variable "export_bucket_name" {
  description = "Name of the bucket RDS exports into and the lake lives in (the module creates it)."
  type        = string
}

variable "export_prefix" {
  description = "Prefix RDS writes exports under (the StartExportTask S3Prefix); export-service moves them into lake_prefix."
  type        = string
  default     = "exports/"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.=-]+(/[A-Za-z0-9_.=-]+)*/$", var.export_prefix))
    error_message = "export_prefix must be a relative key prefix ending with '/', e.g. \"exports/\"."
  }
}

variable "lake_prefix" {
  description = "Prefix of the lake layout the crawler catalogues."
  type        = string
  default     = "lake/"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.=-]+(/[A-Za-z0-9_.=-]+)*/$", var.lake_prefix))
    error_message = "lake_prefix must be a relative key prefix ending with '/', e.g. \"lake/\"."
  }
}

variable "export_principal_arns" {
  description = "IAM roles that start exports (StartExportTask), e.g. export-service's task role. The key policy lets them create grants for AWS resources only and describe the key."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.export_principal_arns : can(regex("^arn:aws[a-z-]*:iam::\\d{12}:role/.+$", a))])
    error_message = "export_principal_arns must hold IAM role ARNs."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period before the export key is deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30
    error_message = "kms_deletion_window_in_days must be between 7 and 30."
  }
}

variable "layout_mode" {
  description = "Lake layout export-service uses (its athena-lake.layout.mode). replace: each export lands in <lake_prefix><table>/<exportId>/, the crawler catalogues it into the staging database (<glue_database_name>_staging, one partition per export) and export-service switches the live table in glue_database_name itself. snapshots: the crawler writes glue_database_name directly."
  type        = string
  default     = "replace"

  validation {
    condition     = contains(["replace", "snapshots"], var.layout_mode)
    error_message = "layout_mode must be \"replace\" or \"snapshots\" (export-service's athena-lake.layout.mode)."
  }
}

variable "glue_database_name" {
  description = "Glue Data Catalog database of the lake tables queries read (the crawler writes it in the snapshots layout, export-service in the replace layout)."
  type        = string
  default     = "athena_lake"

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.glue_database_name))
    error_message = "glue_database_name must be 1-255 lower-case letters, digits and '_' (Athena cannot query other names reliably)."
  }
}

variable "crawler_schedule" {
  description = "Optional extra schedule of the crawler (Glue cron, e.g. \"cron(15 3 * * ? *)\"). export-service starts it after every export anyway."
  type        = string
  default     = null

  validation {
    condition     = var.crawler_schedule == null || can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", var.crawler_schedule))
    error_message = "crawler_schedule must be a six-field Glue cron expression such as \"cron(15 3 * * ? *)\"."
  }
  # AWS cron: exactly one of day-of-month and day-of-week is "?".
  validation {
    condition = var.crawler_schedule == null || try(
      (split(" ", trimsuffix(trimprefix(var.crawler_schedule, "cron("), ")"))[2] == "?") !=
      (split(" ", trimsuffix(trimprefix(var.crawler_schedule, "cron("), ")"))[4] == "?"),
      false,
    )
    error_message = "crawler_schedule must set \"?\" in exactly one of day-of-month and day-of-week (third and fifth fields), e.g. \"cron(15 3 * * ? *)\": Glue rejects anything else."
  }
}

variable "crawler_schema_change_policy" {
  description = "What the crawler does when it finds schema changes (update_behavior: UPDATE_IN_DATABASE | LOG) and deleted objects (delete_behavior: LOG | DELETE_FROM_DATABASE | DEPRECATE_IN_DATABASE)."
  type = object({
    update_behavior = optional(string, "UPDATE_IN_DATABASE")
    delete_behavior = optional(string, "LOG")
  })
  default = {}

  validation {
    condition = (
      contains(["UPDATE_IN_DATABASE", "LOG"], var.crawler_schema_change_policy.update_behavior) &&
      contains(["LOG", "DELETE_FROM_DATABASE", "DEPRECATE_IN_DATABASE"], var.crawler_schema_change_policy.delete_behavior)
    )
    error_message = "update_behavior must be UPDATE_IN_DATABASE or LOG; delete_behavior LOG, DELETE_FROM_DATABASE or DEPRECATE_IN_DATABASE."
  }
}

variable "crawler_recrawl_behavior" {
  description = "CRAWL_EVERYTHING or CRAWL_NEW_FOLDERS_ONLY (needs both schema change behaviors = LOG). CRAWL_EVENT_MODE is refused: Glue needs an S3 event queue for it, which this module does not create."
  type        = string
  default     = "CRAWL_EVERYTHING"

  validation {
    condition     = contains(["CRAWL_EVERYTHING", "CRAWL_NEW_FOLDERS_ONLY"], var.crawler_recrawl_behavior)
    error_message = "crawler_recrawl_behavior must be CRAWL_EVERYTHING or CRAWL_NEW_FOLDERS_ONLY (CRAWL_EVENT_MODE needs an S3 event queue on the crawler target, which this module does not create)."
  }
}

variable "crawler_table_level" {
  description = "snapshots layout only: optional folder level of the tables, absolute from the bucket root (Glue's TableLevelConfiguration; the top folder is level 1), e.g. 3 for s3://bucket/lake/<db>/<table>/. Null lets Glue infer tables. In the replace layout the level is that of the table folders, computed from lake_prefix, and a value here is refused."
  type        = number
  default     = null

  validation {
    condition     = var.crawler_table_level == null || try(var.crawler_table_level >= 1 && floor(var.crawler_table_level) == var.crawler_table_level, false)
    error_message = "crawler_table_level must be a whole number, at least 1."
  }
}

variable "manage_crawler_log_group" {
  description = "Create the log group /aws-glue/crawlers with crawler_log_retention_days. It is shared by every Glue crawler of the account and region: if it exists already, import it (see README) or set false, and Glue keeps writing to it as it is."
  type        = bool
  default     = true
}

variable "crawler_log_retention_days" {
  description = "Retention of the crawler log group /aws-glue/crawlers (when manage_crawler_log_group)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.crawler_log_retention_days)
    error_message = "crawler_log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "queue_max_receive_count" {
  description = "Receives of an rds-events message before it moves to the dead-letter queue."
  type        = number
  default     = 5
}

variable "queue_visibility_timeout_seconds" {
  description = "Visibility timeout of rds-events; above export-service's longest handling of one event."
  type        = number
  default     = 900
}

variable "force_destroy" {
  description = "Allow Terraform to delete the export bucket while it holds objects (test environments)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
