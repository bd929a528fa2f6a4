mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan

  override_resource {
    target = module.spill_bucket.aws_s3_bucket.this
    values = {
      arn = "arn:aws:s3:::acme-minio-spill"
    }
  }

  override_resource {
    target = aws_kms_key.spill
    values = {
      arn    = "arn:aws:kms:eu-west-1:123456789012:key/minio-spill-key"
      key_id = "minio-spill-key"
    }
  }

  override_resource {
    target = aws_iam_role.this
    values = {
      arn = "arn:aws:iam::123456789012:role/athena-minio-connector"
      id  = "athena-minio-connector"
    }
  }

  override_resource {
    target = aws_lambda_function.this
    values = {
      arn     = "arn:aws:lambda:eu-west-1:123456789012:function:athena-minio"
      version = "7"
    }
  }

  override_resource {
    target = aws_lambda_alias.live
    values = {
      arn = "arn:aws:lambda:eu-west-1:123456789012:function:athena-minio:live"
    }
  }
}

variables {
  name              = "athena-minio"
  secret_name       = "athena/minio"
  spill_bucket_name = "acme-minio-spill"
  package = {
    s3_bucket = "acme-artifacts"
    s3_key    = "connector-service/function.zip"
  }
  minio = {
    bucket_prefix = "lake-"
    tables_path   = "tables"
    scheme        = "http"
  }
}

run "zip_from_s3" {
  command = plan

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.connector.statement :
      contains(s.actions, "s3:PutObject") && contains(s.resources, "arn:aws:s3:::acme-minio-spill/*") && coalesce(s.effect, "Allow") == "Allow"
    ])
    error_message = "The connector role must be allowed s3:PutObject on the spill bucket's objects."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.connector.statement :
      contains(s.actions, "kms:GenerateDataKey") && contains(s.actions, "kms:Decrypt") && s.resources == toset(["arn:aws:kms:eu-west-1:123456789012:key/minio-spill-key"])
    ])
    error_message = "The connector role must be able to generate and decrypt data keys of the spill key."
  }

  assert {
    condition = alltrue(flatten([
      for s in data.aws_iam_policy_document.connector.statement : [
        for a in s.actions : a != "*" && !endswith(a, ":*")
      ]
    ]))
    error_message = "No wildcard actions in the connector policy."
  }

  assert {
    condition     = !anytrue([for s in data.aws_iam_policy_document.connector.statement : contains(s.actions, "ec2:CreateNetworkInterface")])
    error_message = "Outside a VPC the role needs no network interface permissions."
  }

  assert {
    condition = (
      aws_lambda_function.this.package_type == "Zip" &&
      aws_lambda_function.this.runtime == "java21" &&
      aws_lambda_function.this.handler == "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest" &&
      aws_lambda_function.this.s3_bucket == "acme-artifacts" &&
      aws_lambda_function.this.s3_key == "connector-service/function.zip"
    )
    error_message = "The function must run the Quarkus stream handler on Java 21 from the zip in S3."
  }

  assert {
    condition = aws_lambda_function.this.environment[0].variables == tomap({
      AWS_SECRET        = "athena/minio"
      TARGET_BUCKET     = "acme-minio-spill"
      BUCKET_PREFIX     = "lake-"
      TABLES_PATH       = "tables"
      SCHEME            = "http"
      SPILL_KMS_KEY_ID  = "arn:aws:kms:eu-west-1:123456789012:key/minio-spill-key"
      JAVA_TOOL_OPTIONS = "--add-opens=java.base/java.nio=ALL-UNNAMED"
    })
    error_message = "The function must get exactly the environment connector-service reads."
  }

  assert {
    condition     = aws_athena_data_catalog.this.name == "minio" && aws_athena_data_catalog.this.type == "LAMBDA" && aws_athena_data_catalog.this.parameters["function"] == "arn:aws:lambda:eu-west-1:123456789012:function:athena-minio"
    error_message = "The minio catalog must be a LAMBDA catalog pointing at the function."
  }

  assert {
    condition     = length(aws_s3_object.package) == 0 && length(aws_lambda_function.this.snap_start) == 0 && !aws_lambda_function.this.publish
    error_message = "Without file and snap_start nothing is uploaded or published."
  }

  assert {
    condition     = aws_lambda_function.this.role == aws_iam_role.this.arn && aws_iam_role_policy.connector.role == aws_iam_role.this.id
    error_message = "The function must run with the connector role, which carries the connector policy."
  }

  assert {
    condition     = aws_kms_key.spill[0].enable_key_rotation
    error_message = "The spill key must rotate."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 30 && one(aws_lambda_function.this.logging_config).log_group == aws_cloudwatch_log_group.this.name
    error_message = "The function must log to its log group, which expires logs (30 days by default)."
  }

  assert {
    condition     = aws_secretsmanager_secret.this.recovery_window_in_days == 30
    error_message = "A deleted secret must stay recoverable for 30 days by default."
  }

  assert {
    condition     = length(aws_lambda_function.this.vpc_config) == 0 && length(aws_security_group.this) == 0
    error_message = "Without vpc the function runs outside a VPC."
  }
}

run "local_zip_with_snap_start_in_vpc" {
  command = plan

  variables {
    snap_start = true
    package = {
      file      = "tests/fixtures/function.zip"
      s3_bucket = "acme-artifacts"
      s3_key    = "connector-service/function.zip"
    }
    vpc = {
      vpc_id            = "vpc-0123456789abcdef0"
      subnet_ids        = ["subnet-0123456789abcdef0"]
      minio_cidr_blocks = ["10.20.0.0/16"]
    }
  }

  assert {
    condition     = aws_s3_object.package[0].bucket == "acme-artifacts" && aws_s3_object.package[0].source == "tests/fixtures/function.zip"
    error_message = "A local zip must be uploaded through S3 (it exceeds the direct upload limit)."
  }

  assert {
    condition     = aws_lambda_function.this.source_code_hash == filebase64sha256("tests/fixtures/function.zip")
    error_message = "A new zip must redeploy the function."
  }

  assert {
    condition     = aws_lambda_function.this.publish && one(aws_lambda_function.this.snap_start).apply_on == "PublishedVersions"
    error_message = "SnapStart needs published versions."
  }

  assert {
    condition     = aws_lambda_alias.live[0].function_version == "7" && aws_athena_data_catalog.this.parameters["function"] == "arn:aws:lambda:eu-west-1:123456789012:function:athena-minio:live"
    error_message = "With SnapStart the catalog must invoke the alias of the published version."
  }

  assert {
    condition = (
      one(aws_lambda_function.this.vpc_config).subnet_ids == toset(["subnet-0123456789abcdef0"]) &&
      one(aws_lambda_function.this.vpc_config).security_group_ids == toset([aws_security_group.this[0].id]) &&
      output.security_group_id == aws_security_group.this[0].id
    )
    error_message = "The function must run in the given subnets with its security group."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.minio["10.20.0.0/16"].from_port == 9000
    error_message = "The security group must allow MinIO's port to its network."
  }

  assert {
    condition     = anytrue([for s in data.aws_iam_policy_document.connector.statement : contains(s.actions, "ec2:CreateNetworkInterface")])
    error_message = "In a VPC the role needs network interface permissions."
  }
}

run "container_image" {
  command = plan

  variables {
    package = {
      image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/connector-service:1.0.0"
    }
  }

  assert {
    condition     = aws_lambda_function.this.package_type == "Image" && aws_lambda_function.this.runtime == null && aws_lambda_function.this.handler == null
    error_message = "An image package carries its own runtime and handler."
  }
}

run "secret_recovery_window" {
  command = plan

  variables {
    secret_recovery_window_in_days = 0
  }

  assert {
    condition     = aws_secretsmanager_secret.this.recovery_window_in_days == 0
    error_message = "A recovery window of 0 (test environments) must reach the secret."
  }
}
