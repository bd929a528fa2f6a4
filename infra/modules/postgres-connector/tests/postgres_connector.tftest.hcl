mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan

  override_resource {
    target = module.spill_bucket.aws_s3_bucket.this
    values = {
      arn = "arn:aws:s3:::acme-athena-spill"
    }
  }

  override_resource {
    target = aws_kms_key.spill
    values = {
      arn    = "arn:aws:kms:eu-west-1:123456789012:key/spill-key"
      key_id = "spill-key"
    }
  }

  override_resource {
    target = aws_iam_role.this
    values = {
      arn = "arn:aws:iam::123456789012:role/athena-postgres-connector"
      id  = "athena-postgres-connector"
    }
  }

  override_resource {
    target = aws_secretsmanager_secret.this
    values = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:athena/postgres-ro-AbCdEf"
      id  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:athena/postgres-ro-AbCdEf"
    }
  }
}

variables {
  name                       = "athena-postgres"
  secret_name                = "athena/postgres-ro"
  spill_bucket_name          = "acme-athena-spill"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  database_security_group_id = "sg-0aaaaaaaaaaaaaaaa"
  database = {
    host = "orders.cluster-abc.eu-west-1.rds.amazonaws.com"
    name = "orders"
  }
}

run "single_instance_connector" {
  command = plan

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.connector.statement :
      contains(s.actions, "s3:PutObject") && contains(s.resources, "arn:aws:s3:::acme-athena-spill/*") && coalesce(s.effect, "Allow") == "Allow"
    ])
    error_message = "The connector role must be allowed s3:PutObject on the spill bucket's objects (large results spill there)."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.connector.statement :
      contains(s.actions, "s3:GetObject") && contains(s.actions, "s3:DeleteObject") && contains(s.resources, "arn:aws:s3:::acme-athena-spill/*")
    ])
    error_message = "The connector role must read and delete its spilled objects."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.connector.statement :
      contains(s.actions, "kms:GenerateDataKey") && contains(s.actions, "kms:Decrypt") && contains(s.resources, "arn:aws:kms:eu-west-1:123456789012:key/spill-key")
    ])
    error_message = "The connector role must be able to use the spill bucket's KMS key, or SSE-KMS spill writes are denied."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.connector.statement :
      contains(s.actions, "secretsmanager:GetSecretValue") && s.resources == toset([aws_secretsmanager_secret.this.arn])
    ])
    error_message = "The connector role must read exactly the read-only user's secret."
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
    condition     = aws_serverlessapplicationrepository_cloudformation_stack.this.application_id == "arn:aws:serverlessrepo:us-east-1:292517598671:applications/AthenaPostgreSQLConnector"
    error_message = "The stack must deploy the AWS-published AthenaPostgreSQLConnector."
  }

  assert {
    condition     = aws_serverlessapplicationrepository_cloudformation_stack.this.semantic_version == "2026.33.1"
    error_message = "The application version must be pinned to 2026.33.1 (a container image; see README)."
  }

  assert {
    condition     = aws_serverlessapplicationrepository_cloudformation_stack.this.semantic_version == jsondecode(file("tests/fixtures/athena-postgresql-template-parameters.json")).release
    error_message = "The template fixture must describe the pinned release."
  }

  # SAR prefixes the stack name with "serverlessrepo-" itself.
  assert {
    condition     = aws_serverlessapplicationrepository_cloudformation_stack.this.name == "athena-postgres" && output.stack_name == "serverlessrepo-athena-postgres"
    error_message = "The stack must be named serverlessrepo-<name> (the module passes <name>; SAR adds the prefix)."
  }

  assert {
    condition     = aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["LambdaFunctionName"] == "athena-postgres" && output.function_arn == "arn:aws:lambda:eu-west-1:123456789012:function:athena-postgres"
    error_message = "The application must create the function the catalog and the callers' policies point at."
  }

  # hashicorp/terraform-provider-aws#16485: a parameter equal to its template default is
  # left out of the state after apply, so sending it makes every later plan show a change.
  assert {
    condition = alltrue([
      for k, v in aws_serverlessapplicationrepository_cloudformation_stack.this.parameters :
      v != lookup(jsondecode(file("tests/fixtures/athena-postgresql-template-parameters.json")).parameters, k, null)
    ])
    error_message = "No parameter may be sent with its template default (the second plan would show a change that cannot be applied)."
  }

  assert {
    condition = alltrue([
      for k in keys(aws_serverlessapplicationrepository_cloudformation_stack.this.parameters) :
      contains(keys(jsondecode(file("tests/fixtures/athena-postgresql-template-parameters.json")).parameters), k)
    ])
    error_message = "Every parameter sent must be one the template declares."
  }

  assert {
    condition     = lookup(aws_serverlessapplicationrepository_cloudformation_stack.this.parameters, "DisableSpillEncryption", "false") == "false"
    error_message = "Spill encryption must stay on (DisableSpillEncryption is the template's \"false\")."
  }

  assert {
    condition = alltrue([
      for s in data.aws_iam_policy_document.connector.statement :
      !contains(s.actions, "s3:ListAllMyBuckets") && (!contains(s.resources, "*") || s.sid == "VpcNetworkInterfaces")
    ])
    error_message = "The connector needs no s3:ListAllMyBuckets (dropped from the connector's own template in 2024.32.1), and \"*\" only for the VPC network interfaces."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.connector.statement :
      contains(s.actions, "kms:GenerateDataKey") && anytrue([
        for c in s.condition : c.test == "StringEquals" && c.variable == "kms:ViaService" && c.values == tolist(["s3.eu-west-1.amazonaws.com"])
      ])
    ])
    error_message = "The spill key may be used through S3 only (kms:ViaService = s3.<region>.amazonaws.com)."
  }

  assert {
    condition     = aws_iam_role_policy.connector.role == aws_iam_role.this.id
    error_message = "The connector policy must be attached to the connector role."
  }

  assert {
    condition     = aws_kms_key.spill[0].enable_key_rotation
    error_message = "The spill key must rotate."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "The function's logs must expire (30 days by default)."
  }

  assert {
    condition     = aws_secretsmanager_secret.this.recovery_window_in_days == 30
    error_message = "A deleted secret must stay recoverable for 30 days by default."
  }

  assert {
    condition     = contains(aws_serverlessapplicationrepository_cloudformation_stack.this.capabilities, "CAPABILITY_IAM") && contains(aws_serverlessapplicationrepository_cloudformation_stack.this.capabilities, "CAPABILITY_RESOURCE_POLICY")
    error_message = "The application needs CAPABILITY_IAM and CAPABILITY_RESOURCE_POLICY."
  }

  assert {
    condition     = aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["DefaultConnectionString"] == "postgres://jdbc:postgresql://orders.cluster-abc.eu-west-1.rds.amazonaws.com:5432/orders?$${athena/postgres-ro}"
    error_message = "The connection string must carry a literal $${<secret name>} placeholder."
  }

  assert {
    condition = (
      aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["CompositeHandler"] == "PostGreSqlCompositeHandler" &&
      aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["SpillBucket"] == "acme-athena-spill" &&
      aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["LambdaRoleARN"] == aws_iam_role.this.arn &&
      aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["SecretNamePrefix"] == "athena/postgres-ro" &&
      aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["SubnetIds"] == "subnet-0123456789abcdef0,subnet-0123456789abcdef1" &&
      aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["SecurityGroupIds"] == aws_security_group.this.id
    )
    error_message = "The application must run the single-instance handler with the module's spill bucket, role, secret, subnets and security group."
  }

  assert {
    condition = (
      aws_athena_data_catalog.this["postgres"].type == "LAMBDA" &&
      aws_athena_data_catalog.this["postgres"].parameters["function"] == "arn:aws:lambda:eu-west-1:123456789012:function:athena-postgres"
    )
    error_message = "The postgres catalog must be a LAMBDA catalog pointing at the connector function."
  }

  assert {
    condition     = module.spill_bucket.kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/spill-key"
    error_message = "The spill bucket must be encrypted with the spill key by default."
  }

  assert {
    condition     = module.spill_bucket.expiration_days == 1
    error_message = "Spilled objects must expire after a day by default."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.database_from_connector.security_group_id == "sg-0aaaaaaaaaaaaaaaa" &&
      aws_vpc_security_group_ingress_rule.database_from_connector.from_port == 5432 &&
      aws_vpc_security_group_ingress_rule.database_from_connector.referenced_security_group_id == aws_security_group.this.id
    )
    error_message = "The database security group must admit the connector on the PostgreSQL port."
  }
}

run "multiplexed_connector_with_ssl_and_sse_s3" {
  command = plan

  variables {
    handler_variant          = "multiplexed"
    additional_catalog_names = ["postgres_reporting"]
    spill_encryption         = "SSE_S3"
    database = {
      host            = "orders.cluster-abc.eu-west-1.rds.amazonaws.com"
      port            = 6432
      name            = "orders"
      jdbc_parameters = { sslmode = "require" }
    }
  }

  # PostGreSqlMuxCompositeHandler is the template's default: not sent, and so deployed.
  assert {
    condition     = output.composite_handler == "PostGreSqlMuxCompositeHandler" && !contains(keys(aws_serverlessapplicationrepository_cloudformation_stack.this.parameters), "CompositeHandler")
    error_message = "The multiplexed variant must deploy PostGreSqlMuxCompositeHandler, the template's default, without sending it."
  }

  assert {
    condition = alltrue([
      for k, v in aws_serverlessapplicationrepository_cloudformation_stack.this.parameters :
      v != lookup(jsondecode(file("tests/fixtures/athena-postgresql-template-parameters.json")).parameters, k, null)
    ])
    error_message = "No parameter may be sent with its template default."
  }

  assert {
    condition     = output.connection_string == "postgres://jdbc:postgresql://orders.cluster-abc.eu-west-1.rds.amazonaws.com:6432/orders?$${athena/postgres-ro}&sslmode=require"
    error_message = "JDBC parameters must follow the secret placeholder."
  }

  assert {
    condition     = length(aws_athena_data_catalog.this) == 2 && aws_athena_data_catalog.this["postgres_reporting"].parameters["function"] == aws_athena_data_catalog.this["postgres"].parameters["function"]
    error_message = "Every catalog of the multiplexed variant must point at the one function."
  }

  assert {
    condition     = length(aws_kms_key.spill) == 0 && module.spill_bucket.kms_key_arn == null
    error_message = "SSE_S3 must not create or use a KMS key."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.connector.statement :
      contains(s.actions, "s3:PutObject") && contains(s.resources, "arn:aws:s3:::acme-athena-spill/*")
    ])
    error_message = "Spill write access must not depend on the encryption mode."
  }
}

run "sends_values_that_differ_from_the_template_defaults" {
  command = plan

  variables {
    lambda_timeout           = 600
    lambda_memory            = 4096
    spill_prefix             = "spill"
    permissions_boundary_arn = "arn:aws:iam::123456789012:policy/boundary"
    secret_kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/secret-key"
  }

  assert {
    condition = (
      aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["LambdaTimeout"] == "600" &&
      aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["LambdaMemory"] == "4096" &&
      aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["SpillPrefix"] == "spill" &&
      aws_serverlessapplicationrepository_cloudformation_stack.this.parameters["PermissionsBoundaryARN"] == "arn:aws:iam::123456789012:policy/boundary"
    )
    error_message = "Values other than the template's defaults must be sent."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.connector.statement :
      s.actions == toset(["kms:Decrypt"]) && s.resources == toset(["arn:aws:kms:eu-west-1:123456789012:key/secret-key"]) && anytrue([
        for c in s.condition : c.test == "StringEquals" && c.variable == "kms:ViaService" && c.values == tolist(["secretsmanager.eu-west-1.amazonaws.com"])
      ])
    ])
    error_message = "The secret's key may be used through Secrets Manager only."
  }
}

run "accepts_the_first_container_image_release" {
  command = plan

  variables {
    application_version = "2024.42.1"
  }

  assert {
    condition     = aws_serverlessapplicationrepository_cloudformation_stack.this.semantic_version == "2024.42.1"
    error_message = "2024.42.1, the first release that deploys a container image, must be accepted."
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
