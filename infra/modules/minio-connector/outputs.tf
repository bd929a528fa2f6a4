output "catalog_name" {
  description = "Athena data catalog (use it in SQL: \"<catalog>\".\"<bucket>\".\"<table>\")."
  value       = aws_athena_data_catalog.this.name
}

output "function_name" {
  description = "Name of the connector Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the connector function (callers of federated queries need lambda:InvokeFunction on it)."
  value       = aws_lambda_function.this.arn
}

output "catalog_function_arn" {
  description = "ARN the data catalog invokes: the \"live\" alias with SnapStart, else the function."
  value       = local.catalog_function_arn
}

output "environment" {
  description = "Environment variables the module sets on the function."
  value       = local.connector_environment
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
  description = "ARN of the MinIO secret."
  value       = aws_secretsmanager_secret.this.arn
}

output "secret_name" {
  description = "Name of the MinIO secret."
  value       = aws_secretsmanager_secret.this.name
}

output "security_group_id" {
  description = "Security group of the function; null outside a VPC."
  value       = one(aws_security_group.this[*].id)
}

output "spill_bucket_name" {
  description = "Spill bucket name."
  value       = module.spill_bucket.name
}

output "spill_bucket_arn" {
  description = "Spill bucket ARN (callers need s3:GetObject on it: Athena reads spill with the caller's credentials)."
  value       = module.spill_bucket.arn
}

output "spill_kms_key_arn" {
  description = "KMS key of the spill bucket and of spill encryption (callers need kms:Decrypt on it)."
  value       = local.spill_kms_key
}

output "log_group_name" {
  description = "CloudWatch log group of the function."
  value       = aws_cloudwatch_log_group.this.name
}
