variable "region" {
  description = "AWS region of the whole system."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-\\d$", var.region))
    error_message = "region must be an AWS region such as eu-west-1."
  }
}

variable "name_prefix" {
  description = "Prefix of the names of roles, queues, rules, services and the cluster."
  type        = string
  default     = "athena-lake"
}

variable "bucket_name_prefix" {
  description = "Globally unique prefix of the five buckets (<prefix>-artifacts, -exports, -results, -postgres-spill, -minio-spill), e.g. your company and environment."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,46}$", var.bucket_name_prefix))
    error_message = "bucket_name_prefix must be 2-47 lower-case letters, digits and '-' (the longest suffix is -postgres-spill)."
  }
}

variable "vpc_id" {
  description = "VPC of the database, the connectors and the services."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (with NAT or VPC endpoints) for the connectors and the ECS tasks."
  type        = list(string)
}

variable "load_balancer_subnet_ids" {
  description = "Subnets of the query-service load balancer (two zones at least; public subnets for an internet-facing one)."
  type        = list(string)
}

variable "load_balancer_internal" {
  description = "Keep the query-service load balancer internal."
  type        = bool
  default     = true
}

variable "load_balancer_ingress_cidr_blocks" {
  description = "Networks allowed to reach query-service."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate for HTTPS on the query-service load balancer. Null serves plain HTTP: accepted for an internal load balancer, refused for an internet-facing one unless allow_plain_http_internet_facing."
  type        = string
  default     = null
}

variable "allow_plain_http_internet_facing" {
  description = "Let an internet-facing load balancer without certificate_arn serve the REST API and its bearer tokens over plain HTTP (short-lived test environments only)."
  type        = bool
  default     = false
}

variable "postgres" {
  description = "The RDS PostgreSQL database to federate: endpoint, port, database name and its security group."
  type = object({
    host              = string
    port              = optional(number, 5432)
    name              = string
    security_group_id = string
    jdbc_parameters   = optional(map(string), {})
  })
}

variable "minio" {
  description = "The MinIO (or other S3-compatible) store: bucket prefix, tables path, scheme and where it is reachable from the VPC."
  type = object({
    bucket_prefix = optional(string, "")
    tables_path   = optional(string, "")
    scheme        = optional(string, "https")
    port          = optional(number, 9000)
    cidr_blocks   = list(string)
  })
}

variable "connector_package_file" {
  description = "connector-service's Lambda package, built by `mvn -DskipTests package`."
  type        = string
  default     = "../../../connector-service/target/function.zip"
}

variable "connector_snap_start" {
  description = "Enable SnapStart on connector-service."
  type        = bool
  default     = true
}

variable "export_service_image" {
  description = "export-service image in ECR, with a tag or digest."
  type        = string
}

variable "query_service_image" {
  description = "query-service image in ECR, with a tag or digest."
  type        = string
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Athena's per-query scan limit in bytes (at least 10485760)."
  type        = number
  default     = 107374182400
}

variable "tags" {
  description = "Tags for every resource (provider default tags)."
  type        = map(string)
  default = {
    project = "athena-lake"
  }
}

variable "export_sources" {
  description = "The RDS DB instance or cluster identifiers (or prefixes ending in *) whose snapshots export-service exports."
  type        = list(string)
}

variable "secret_recovery_window_in_days" {
  description = "Days the connectors' deleted secrets stay recoverable (7-30), or 0 to delete them at once: with 30, a destroy followed by an apply fails for 30 days because the secret names are still taken. 0 suits test environments."
  type        = number
  default     = 30
}

variable "lake_layout_mode" {
  description = "Lake layout of export-service: replace (the lake keeps the latest export of each table; export-service switches the tables from the crawler's staging database) or snapshots (one partition per export, the crawler writes the lake database)."
  type        = string
  default     = "replace"
}

variable "manage_crawler_log_group" {
  description = "Create /aws-glue/crawlers with a 30-day retention. The group is shared by every Glue crawler of the account and region: if it exists, import it or set false (see the snapshot-export README)."
  type        = bool
  default     = true
}
