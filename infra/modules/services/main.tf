# export-service and query-service on ECS Fargate: cluster, task definitions,
# services, logs, and export-service's scaling on the rds-events backlog.
# Roles are in iam.tf, the query-service load balancer in load_balancer.tf.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  services = {
    export-service = var.export_service
    query-service  = var.query_service
  }

  # replace layout: export-service switches the lake tables to the staging partitions itself.
  replace_layout = var.lake.layout_mode == "replace"

  # Images pulled from ECR need repository permissions; other registries do not.
  ecr_repository_arns = distinct(compact([
    for s in local.services : try(format(
      "arn:%s:ecr:%s:%s:repository/%s",
      local.partition,
      regex("^\\d{12}\\.dkr\\.ecr\\.([a-z0-9-]+)\\.", s.image)[0],
      regex("^(\\d{12})\\.dkr\\.ecr\\.", s.image)[0],
      regex("^[^/]+/([^:@]+)", s.image)[0],
    ), null)
  ]))

  # Configuration the services read (Quarkus maps ATHENA_LAKE_X_Y to athena-lake.x-y);
  # each service's `environment` input adds to or overrides it.
  export_service_environment = merge(
    {
      AWS_REGION                        = local.region
      ATHENA_LAKE_SOURCES               = join(",", var.export_service.sources)
      ATHENA_LAKE_RDS_EVENTS_QUEUE_URL  = var.lake.rds_events_queue_url
      ATHENA_LAKE_RDS_EVENTS_DLQ_URL    = var.lake.rds_events_dlq_url
      ATHENA_LAKE_LAKE_EVENTS_QUEUE_URL = var.query.lake_events_queue_url
      ATHENA_LAKE_EXPORT_BUCKET         = var.lake.export_bucket_name
      ATHENA_LAKE_EXPORT_PREFIX         = var.lake.export_prefix
      ATHENA_LAKE_LAKE_PREFIX           = var.lake.lake_prefix
      ATHENA_LAKE_EXPORT_ROLE_ARN       = var.lake.export_role_arn
      ATHENA_LAKE_EXPORT_KMS_KEY_ARN    = var.lake.kms_key_arn
      ATHENA_LAKE_CRAWLER_NAME          = var.lake.crawler_name
      ATHENA_LAKE_GLUE_DATABASE         = var.lake.glue_database_name
      ATHENA_LAKE_LAYOUT_MODE           = var.lake.layout_mode
    },
    var.export_service.environment,
  )

  query_service_environment = merge(
    {
      # query-service reads query-service.* (QUERY_SERVICE_*); see query-service/README.md.
      # Its JWT settings (QUERY_SERVICE_JWT_*) come through var.query_service.environment.
      AWS_REGION                                = local.region
      QUERY_SERVICE_AWS_REGION                  = local.region
      QUARKUS_HTTP_PORT                         = tostring(var.query_service.container_port)
      QUERY_SERVICE_ATHENA_WORKGROUP            = var.query.workgroup_name
      QUERY_SERVICE_ATHENA_OUTPUT_LOCATION      = var.query.output_location
      QUERY_SERVICE_QUEUES_REQUESTS             = var.query.query_requests_queue_url
      QUERY_SERVICE_QUEUES_REQUESTS_DLQ         = var.query.query_requests_dlq_url
      QUERY_SERVICE_QUEUES_RESULTS              = var.query.query_results_queue_url
      QUERY_SERVICE_QUEUES_LAKE_EVENTS          = var.query.lake_events_queue_url
      QUERY_SERVICE_QUEUES_LAKE_EVENTS_DLQ      = var.query.lake_events_dlq_url
      QUERY_SERVICE_QUEUES_SCHEDULE_FIRINGS     = var.query.schedule_firings_queue_url
      QUERY_SERVICE_QUEUES_SCHEDULE_FIRINGS_DLQ = var.query.schedule_firings_dlq_url
      # Arrow (the results.arrow download) reads direct buffers' addresses, which Java 17+ opens only on request
      JAVA_TOOL_OPTIONS = "--add-opens=java.base/java.nio=ALL-UNNAMED"
    },
    var.query_service.environment,
  )
}

################################################################################
# Cluster and logs
################################################################################

resource "aws_ecs_cluster" "this" {
  name = var.name_prefix

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = local.services

  name              = "/ecs/${var.name_prefix}/${each.key}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

################################################################################
# Security groups
################################################################################

resource "aws_security_group" "export_service" {
  name        = "${var.name_prefix}-export-service"
  description = "export-service tasks"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "export_service_https" {
  security_group_id = aws_security_group.export_service.id
  description       = "AWS APIs (SQS, S3, RDS, Glue, KMS, ECR, Logs)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "query_service" {
  name        = "${var.name_prefix}-query-service"
  description = "query-service tasks"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "query_service_from_load_balancer" {
  security_group_id            = aws_security_group.query_service.id
  description                  = "HTTP from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.query_service.container_port
  to_port                      = var.query_service.container_port
  referenced_security_group_id = aws_security_group.load_balancer.id
}

resource "aws_vpc_security_group_egress_rule" "query_service_https" {
  security_group_id = aws_security_group.query_service.id
  description       = "AWS APIs (Athena, SQS, S3, Glue, KMS, ECR, Logs)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

################################################################################
# Task definitions
################################################################################

resource "aws_ecs_task_definition" "export_service" {
  family                   = "${var.name_prefix}-export-service"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.export_service.cpu)
  memory                   = tostring(var.export_service.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.export_service.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name        = "export-service"
      image       = var.export_service.image
      essential   = true
      environment = [for k in sort(keys(local.export_service_environment)) : { name = k, value = local.export_service_environment[k] }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this["export-service"].name
          awslogs-region        = local.region
          awslogs-stream-prefix = "export-service"
        }
      }
      readonlyRootFilesystem = false
    }
  ])

  tags = var.tags
}

resource "aws_ecs_task_definition" "query_service" {
  family                   = "${var.name_prefix}-query-service"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.query_service.cpu)
  memory                   = tostring(var.query_service.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.query_service.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name      = "query-service"
      image     = var.query_service.image
      essential = true
      portMappings = [
        {
          containerPort = var.query_service.container_port
          protocol      = "tcp"
        }
      ]
      environment = [for k in sort(keys(local.query_service_environment)) : { name = k, value = local.query_service_environment[k] }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this["query-service"].name
          awslogs-region        = local.region
          awslogs-stream-prefix = "query-service"
        }
      }
    }
  ])

  tags = var.tags
}

################################################################################
# Services
################################################################################

resource "aws_ecs_service" "export_service" {
  name            = "export-service"
  cluster         = aws_ecs_cluster.this.arn
  task_definition = aws_ecs_task_definition.export_service.arn
  launch_type     = "FARGATE"
  desired_count   = var.export_service.min_count

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.export_service.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  propagate_tags = "SERVICE"
  tags           = var.tags

  lifecycle {
    # Application Auto Scaling owns the task count.
    ignore_changes = [desired_count]
  }

  depends_on = [aws_iam_role_policy.export_service, aws_iam_role_policy.execution]
}

resource "aws_ecs_service" "query_service" {
  name                              = "query-service"
  cluster                           = aws_ecs_cluster.this.arn
  task_definition                   = aws_ecs_task_definition.query_service.arn
  launch_type                       = "FARGATE"
  desired_count                     = var.query_service.desired_count
  health_check_grace_period_seconds = 60

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.query_service.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.query_service.arn
    container_name   = "query-service"
    container_port   = var.query_service.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  propagate_tags = "SERVICE"
  tags           = var.tags

  depends_on = [aws_lb_listener.http, aws_lb_listener.https, aws_iam_role_policy.query_service, aws_iam_role_policy.execution]
}

################################################################################
# export-service scaling on the rds-events backlog
################################################################################

resource "aws_appautoscaling_target" "export_service" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.export_service.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.export_service.min_count
  max_capacity       = var.export_service.max_count
  tags               = var.tags
}

resource "aws_appautoscaling_policy" "export_service" {
  name               = "${var.name_prefix}-export-service-rds-events-backlog"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.export_service.service_namespace
  resource_id        = aws_appautoscaling_target.export_service.resource_id
  scalable_dimension = aws_appautoscaling_target.export_service.scalable_dimension

  target_tracking_scaling_policy_configuration {
    # Backlog per task: visible rds-events messages divided by running tasks.
    target_value       = var.export_service.messages_per_task
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    customized_metric_specification {
      metrics {
        id          = "visible"
        label       = "rds-events visible messages"
        return_data = false

        metric_stat {
          stat = "Sum"

          metric {
            namespace   = "AWS/SQS"
            metric_name = "ApproximateNumberOfMessagesVisible"

            dimensions {
              name  = "QueueName"
              value = var.lake.rds_events_queue_name
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        label       = "export-service running tasks"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"

            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.this.name
            }

            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.export_service.name
            }
          }
        }
      }

      metrics {
        id          = "backlog_per_task"
        label       = "rds-events backlog per export-service task"
        expression  = "visible / tasks"
        return_data = true
      }
    }
  }
}
