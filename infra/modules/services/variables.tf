variable "name_prefix" {
  description = "Prefix of every name the module creates (cluster, services, roles, log groups, load balancer)."
  type        = string
  default     = "athena-lake"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,18}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-20 lower-case letters, digits and '-', starting with a letter (load balancer and target group names are limited to 32 characters)."
  }
}

variable "vpc_id" {
  description = "VPC of the services and the load balancer."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "private_subnet_ids" {
  description = "Subnets of the tasks. They need a route to ECR, CloudWatch Logs, SQS, S3, Athena, Glue, RDS and KMS (NAT gateway or VPC endpoints)."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) > 0 && alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "private_subnet_ids must hold at least one subnet id (subnet-...)."
  }
}

variable "load_balancer" {
  description = "The query-service load balancer: its subnets (two or more, in different zones), internal or internet-facing, who may connect, and an ACM certificate for HTTPS (without one it listens on plain HTTP, for test environments only)."
  type = object({
    subnet_ids          = list(string)
    internal            = optional(bool, true)
    ingress_cidr_blocks = list(string)
    certificate_arn     = optional(string)
    ssl_policy          = optional(string, "ELBSecurityPolicy-TLS13-1-2-2021-06")
    idle_timeout        = optional(number, 300)
  })

  validation {
    condition     = length(var.load_balancer.subnet_ids) >= 2 && alltrue([for s in var.load_balancer.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "load_balancer.subnet_ids must hold at least two subnet ids (an ALB spans two zones)."
  }

  validation {
    condition     = length(var.load_balancer.ingress_cidr_blocks) > 0 && alltrue([for c in var.load_balancer.ingress_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "load_balancer.ingress_cidr_blocks must hold at least one IPv4 CIDR block."
  }

  validation {
    condition     = var.load_balancer.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]+$", coalesce(var.load_balancer.certificate_arn, "-")))
    error_message = "load_balancer.certificate_arn must be an ACM certificate ARN."
  }

  validation {
    condition     = var.load_balancer.idle_timeout >= 1 && var.load_balancer.idle_timeout <= 4000
    error_message = "load_balancer.idle_timeout must be between 1 and 4000 seconds."
  }
}

variable "allow_plain_http_internet_facing" {
  description = "Let an internet-facing load balancer without a certificate serve the REST API over plain HTTP, bearer tokens included. Refused at plan time unless true: for short-lived test environments only."
  type        = bool
  default     = false
}

variable "export_service" {
  description = "export-service task: image (ECR URI with tag or digest), the RDS sources it exports (DB instance or cluster identifiers, or prefixes ending in *), Fargate cpu/memory, task count bounds, the rds-events backlog per task that triggers scaling, extra environment."
  type = object({
    image             = string
    sources           = list(string)
    cpu               = optional(number, 512)
    memory            = optional(number, 1024)
    min_count         = optional(number, 1)
    max_count         = optional(number, 4)
    messages_per_task = optional(number, 10)
    environment       = optional(map(string), {})
  })

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$", var.export_service.image))
    error_message = "export_service.image must be an image reference with a tag or digest, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/export-service:1.0.0."
  }

  validation {
    condition     = length(var.export_service.sources) > 0 && alltrue([for s in var.export_service.sources : can(regex("^[A-Za-z][A-Za-z0-9-]{0,62}[*]?$", s))])
    error_message = "export_service.sources must list at least one DB instance or cluster identifier (letters, digits, hyphens), or a prefix ending in *, e.g. [\"orders-db\", \"reporting-*\"]."
  }

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.export_service.cpu) && var.export_service.memory >= 512 && var.export_service.memory <= 122880
    error_message = "export_service.cpu must be a Fargate size (256, 512, 1024, 2048, 4096, 8192, 16384) and memory between 512 and 122880 MiB."
  }

  validation {
    condition     = var.export_service.min_count >= 1 && var.export_service.max_count >= var.export_service.min_count && var.export_service.messages_per_task >= 1
    error_message = "export_service needs min_count >= 1 (the backlog per task divides by the running tasks), max_count >= min_count and messages_per_task >= 1."
  }
}

variable "query_service" {
  description = "query-service task: image (ECR URI with tag or digest), Fargate cpu/memory, task count, container port, health check path, extra environment."
  type = object({
    image             = string
    cpu               = optional(number, 1024)
    memory            = optional(number, 2048)
    desired_count     = optional(number, 2)
    container_port    = optional(number, 8080)
    health_check_path = optional(string, "/q/health/ready")
    environment       = optional(map(string), {})
  })

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$", var.query_service.image))
    error_message = "query_service.image must be an image reference with a tag or digest, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/query-service:1.0.0."
  }

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.query_service.cpu) && var.query_service.memory >= 512 && var.query_service.memory <= 122880
    error_message = "query_service.cpu must be a Fargate size (256, 512, 1024, 2048, 4096, 8192, 16384) and memory between 512 and 122880 MiB."
  }

  validation {
    condition     = var.query_service.desired_count >= 0 && var.query_service.container_port >= 1 && var.query_service.container_port <= 65535 && startswith(var.query_service.health_check_path, "/")
    error_message = "query_service needs desired_count >= 0, a TCP container_port and a health_check_path starting with '/'."
  }
}

variable "lake" {
  description = "What export-service works on, from the snapshot-export module's outputs. layout_mode is the lake layout (replace or snapshots); glue_staging_database_name is the database the crawler writes in the replace layout (null in the snapshots layout), whose partitions export-service reads to switch the lake database's tables."
  type = object({
    export_bucket_name         = string
    export_bucket_arn          = string
    export_prefix              = string
    lake_prefix                = string
    kms_key_arn                = string
    export_role_arn            = string
    crawler_name               = string
    crawler_arn                = string
    glue_database_name         = string
    layout_mode                = string
    glue_staging_database_name = string
    rds_events_queue_url       = string
    rds_events_queue_arn       = string
    rds_events_queue_name      = string
    rds_events_dlq_url         = string
    rds_events_dlq_arn         = string
  })

  validation {
    condition     = contains(["replace", "snapshots"], var.lake.layout_mode)
    error_message = "lake.layout_mode must be \"replace\" or \"snapshots\" (snapshot-export's layout_mode output)."
  }

  validation {
    condition = var.lake.layout_mode != "replace" ? var.lake.glue_staging_database_name == null : (
      var.lake.glue_staging_database_name != null && var.lake.glue_staging_database_name != var.lake.glue_database_name
    )
    error_message = "lake.glue_staging_database_name must be the staging database (snapshot-export's glue_staging_database_name output, distinct from glue_database_name) in the replace layout, and null in the snapshots layout."
  }
}

variable "query" {
  description = "Where query-service runs queries and exchanges messages, from the query module's outputs. It sends each firing of a schedule to schedule-firings (FIFO) and runs the one SQS delivers; it sends invalid requests, lake events and firings of unknown schedules to their dead-letter queues itself, with the reason."
  type = object({
    workgroup_name             = string
    workgroup_arn              = string
    output_location            = string
    results_bucket_arn         = string
    results_kms_key_arn        = string
    query_requests_queue_url   = string
    query_requests_queue_arn   = string
    query_results_queue_url    = string
    query_results_queue_arn    = string
    lake_events_queue_url      = string
    lake_events_queue_arn      = string
    query_requests_dlq_url     = string
    query_requests_dlq_arn     = string
    lake_events_dlq_url        = string
    lake_events_dlq_arn        = string
    schedule_firings_queue_url = string
    schedule_firings_queue_arn = string
    schedule_firings_dlq_url   = string
    schedule_firings_dlq_arn   = string
  })

  validation {
    condition     = endswith(var.query.schedule_firings_queue_url, ".fifo") && endswith(var.query.schedule_firings_dlq_url, ".fifo")
    error_message = "query.schedule_firings_queue_url and query.schedule_firings_dlq_url must be FIFO queues (URLs ending in .fifo): query-service counts on SQS's deduplication to run each schedule firing once, and does not start with a standard one."
  }
}

variable "connectors" {
  description = "Federated catalogs query-service may query (outputs of postgres-connector / minio-connector). Athena invokes the connector and reads its spill with the caller's credentials."
  type = list(object({
    catalog_name      = string
    function_arn      = string
    spill_bucket_arn  = string
    spill_kms_key_arn = optional(string)
  }))
  default = []
}

variable "queue_kms_key_arns" {
  description = "KMS keys of the queues when they use SSE-KMS (none with SSE-SQS)."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  description = "Retention of the services' CloudWatch log groups."
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
