output "name" {
  description = "Bucket name."
  value       = aws_s3_bucket.this.bucket
}

output "arn" {
  description = "Bucket ARN."
  value       = aws_s3_bucket.this.arn
}

output "regional_domain_name" {
  description = "Regional domain name of the bucket."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "kms_key_arn" {
  description = "KMS key that encrypts the bucket by default; null when SSE-S3 is used."
  value       = var.kms_key_arn
}

output "expiration_days" {
  description = "Days after which objects expire, as planned in the lifecycle configuration; null when they never expire."
  value       = one([for r in aws_s3_bucket_lifecycle_configuration.this.rule : one(r.expiration).days if length(r.expiration) > 0])
}
