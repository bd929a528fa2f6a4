mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan
}

variables {
  name = "athena-lake-test-bucket"
}

run "defaults_encrypt_block_public_access_and_require_tls" {
  command = plan

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "Every public access setting must be blocked."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "Without a key the bucket must default to SSE-S3."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.this.statement :
      s.effect == "Deny" &&
      contains(s.resources, aws_s3_bucket.this.arn) &&
      contains(s.resources, "${aws_s3_bucket.this.arn}/*") &&
      anytrue([for c in s.condition : c.test == "Bool" && c.variable == "aws:SecureTransport" && c.values == tolist(["false"])])
    ])
    error_message = "The bucket policy must deny requests that do not use TLS, on the bucket and its objects."
  }

  assert {
    condition     = aws_s3_bucket_policy.this.bucket == aws_s3_bucket.this.id
    error_message = "The TLS-only policy must be attached to the bucket."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.this.bucket == aws_s3_bucket.this.id &&
      aws_s3_bucket_server_side_encryption_configuration.this.bucket == aws_s3_bucket.this.id &&
      aws_s3_bucket_ownership_controls.this.bucket == aws_s3_bucket.this.id
    )
    error_message = "Public access block, encryption and ownership controls must apply to the bucket."
  }

  assert {
    condition     = length([for r in aws_s3_bucket_lifecycle_configuration.this.rule : r if length(r.expiration) > 0]) == 0
    error_message = "Without expiration_days nothing may expire."
  }

  assert {
    condition     = one(aws_s3_bucket_ownership_controls.this.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }
}

run "kms_key_and_expiry" {
  command = plan

  variables {
    kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/abcd-1234"
    expiration_days   = 3
    expiration_prefix = "spill/"
  }

  assert {
    condition = (
      one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" &&
      one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).kms_master_key_id == "arn:aws:kms:eu-west-1:123456789012:key/abcd-1234" &&
      one(aws_s3_bucket_server_side_encryption_configuration.this.rule).bucket_key_enabled
    )
    error_message = "With a key the bucket must default to SSE-KMS with that key and a bucket key."
  }

  assert {
    condition = anytrue([
      for r in aws_s3_bucket_lifecycle_configuration.this.rule :
      r.status == "Enabled" && one(r.expiration).days == 3 && one(r.filter).prefix == "spill/"
      if length(r.expiration) > 0
    ])
    error_message = "Objects under the prefix must expire after expiration_days."
  }
}
