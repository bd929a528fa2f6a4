output "cluster_name" {
  description = "ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "export_service_name" {
  description = "ECS service of export-service."
  value       = aws_ecs_service.export_service.name
}

output "query_service_name" {
  description = "ECS service of query-service."
  value       = aws_ecs_service.query_service.name
}

output "export_service_task_role_arn" {
  description = "Task role of export-service (pass it to snapshot-export's export_principal_arns)."
  value       = aws_iam_role.export_service.arn
}

output "query_service_task_role_arn" {
  description = "Task role of query-service."
  value       = aws_iam_role.query_service.arn
}

output "execution_role_arn" {
  description = "Task execution role of both services."
  value       = aws_iam_role.execution.arn
}

output "log_group_names" {
  description = "CloudWatch log groups by service."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.name }
}

output "export_service_environment" {
  description = "Environment variables export-service gets."
  value       = local.export_service_environment
}

output "query_service_environment" {
  description = "Environment variables query-service gets."
  value       = local.query_service_environment
}

output "load_balancer_dns_name" {
  description = "DNS name of the query-service load balancer."
  value       = aws_lb.this.dns_name
}

output "load_balancer_zone_id" {
  description = "Hosted zone of the load balancer (for a Route 53 alias record)."
  value       = aws_lb.this.zone_id
}

output "query_service_url" {
  description = "Base URL of query-service's REST API (https with a certificate; point your DNS name at the load balancer to match the certificate)."
  value       = "${local.https ? "https" : "http"}://${aws_lb.this.dns_name}"
}

output "security_group_ids" {
  description = "Security groups by component (export-service, query-service, load-balancer)."
  value = {
    export-service = aws_security_group.export_service.id
    query-service  = aws_security_group.query_service.id
    load-balancer  = aws_security_group.load_balancer.id
  }
}

output "federated_catalogs" {
  description = "Federated catalogs query-service may query, with the connector function it may invoke for each."
  value       = { for c in var.connectors : c.catalog_name => c.function_arn }
}
