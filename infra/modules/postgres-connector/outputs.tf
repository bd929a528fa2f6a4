output "catalog_name" {
  description = "Athena data catalog of the database (use it in SQL: \"<catalog>\".\"<schema>\".\"<table>\")."
  value       = aws_athena_data_catalog.this[var.catalog_name].name
}

output "catalog_names" {
  description = "Every Athena data catalog served by the function (the main one first)."
  value       = local.catalog_names
}

output "function_name" {
  description = "Name of the connector Lambda function."
  value       = var.name
}

output "function_arn" {
  description = "ARN of the connector Lambda function (callers of federated queries need lambda:InvokeFunction on it)."
  value       = local.function_arn
}

output "composite_handler" {
  description = "Handler class the application deploys."
  value       = local.composite_handler
}

output "connection_string" {
  description = "The connector's default connection string (contains the secret placeholder, never the password)."
  value       = local.connection_string
}

output "stack_name" {
  description = "CloudFormation stack of the application (SAR prefixes the name with serverlessrepo-)."
  value       = "serverlessrepo-${aws_serverlessapplicationrepository_cloudformation_stack.this.name}"
}

output "stack_id" {
  description = "CloudFormation stack of the Serverless Application Repository application."
  value       = aws_serverlessapplicationrepository_cloudformation_stack.this.id
}

output "role_arn" {
  description = "ARN of the connector role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the connector role."
  value       = aws_iam_role.this.name
}

output "secret_arn" {
  description = "ARN of the read-only user's secret."
  value       = aws_secretsmanager_secret.this.arn
}

output "secret_name" {
  description = "Name of the read-only user's secret."
  value       = aws_secretsmanager_secret.this.name
}

output "security_group_id" {
  description = "Security group of the connector function."
  value       = aws_security_group.this.id
}

output "spill_bucket_name" {
  description = "Spill bucket name."
  value       = module.spill_bucket.name
}

output "spill_bucket_arn" {
  description = "Spill bucket ARN (Athena reads spilled results with the caller's credentials: callers need s3:GetObject on it)."
  value       = module.spill_bucket.arn
}

output "spill_kms_key_arn" {
  description = "KMS key of the spill bucket (callers need kms:Decrypt on it); null with SSE_S3."
  value       = local.spill_kms_key_arn
}

output "spill_prefix" {
  description = "Prefix inside the spill bucket."
  value       = var.spill_prefix
}
