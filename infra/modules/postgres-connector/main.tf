# The AWS-published Athena PostgreSQL connector (Serverless Application Repository),
# wired so that it works past the inline response limit: its role can write to the
# spill bucket and use the spill bucket's key.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  composite_handler = var.handler_variant == "multiplexed" ? "PostGreSqlMuxCompositeHandler" : "PostGreSqlCompositeHandler"

  # The function is created by the application's CloudFormation stack; its ARN is known
  # from its name, so the catalog and the policies do not wait on stack outputs.
  function_arn = "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${var.name}"

  # "$${" is HCL for a literal "${": the connector replaces ${<secret name>} with
  # user=...&password=... read from Secrets Manager at run time.
  jdbc_parameters   = join("", [for k in sort(keys(var.database.jdbc_parameters)) : "&${k}=${var.database.jdbc_parameters[k]}"])
  connection_string = "postgres://jdbc:postgresql://${var.database.host}:${var.database.port}/${var.database.name}?$${${var.secret_name}}${local.jdbc_parameters}"

  create_spill_key  = var.spill_encryption == "SSE_KMS" && var.spill_kms_key_arn == null
  spill_kms_key_arn = var.spill_encryption == "SSE_S3" ? null : (local.create_spill_key ? aws_kms_key.spill[0].arn : var.spill_kms_key_arn)

  catalog_names = concat([var.catalog_name], var.additional_catalog_names)

  # Defaults the AthenaPostgreSQLConnector template declares for its optional parameters
  # (athena-postgresql/athena-postgresql.yaml, the same in every release from 2024.42.1 to
  # 2026.33.1). Provider 5.x leaves a parameter out of the state when the stack holds its
  # default, so sending one makes every later plan show a change whose apply then fails on
  # an empty change set (hashicorp/terraform-provider-aws#16485). Only other values are sent.
  template_defaults = {
    SpillPrefix            = "athena-spill"
    LambdaTimeout          = "900"
    LambdaMemory           = "3008"
    DisableSpillEncryption = "false"
    CompositeHandler       = "PostGreSqlMuxCompositeHandler"
    PermissionsBoundaryARN = ""
  }

  # Known at plan time, so the comparison with the defaults is too.
  optional_parameters = merge(
    {
      SpillPrefix   = var.spill_prefix
      LambdaTimeout = tostring(var.lambda_timeout)
      LambdaMemory  = tostring(var.lambda_memory)
      # Spilled blocks are encrypted with AES-GCM: never "true".
      DisableSpillEncryption = "false"
      CompositeHandler       = local.composite_handler
    },
    var.permissions_boundary_arn == null ? {} : { PermissionsBoundaryARN = var.permissions_boundary_arn },
  )

  # Parameters without a default (and LambdaRoleARN, whose default "" no ARN equals).
  application_parameters = merge(
    {
      LambdaFunctionName      = var.name
      DefaultConnectionString = local.connection_string
      SecretNamePrefix        = var.secret_name
      SpillBucket             = module.spill_bucket.name
      LambdaRoleARN           = aws_iam_role.this.arn
      SecurityGroupIds        = aws_security_group.this.id
      SubnetIds               = join(",", var.subnet_ids)
    },
    { for k, v in local.optional_parameters : k => v if v != local.template_defaults[k] },
  )
}

################################################################################
# Spill bucket
################################################################################

resource "aws_kms_key" "spill" {
  count = local.create_spill_key ? 1 : 0

  description             = "Athena spill bucket of the ${var.name} PostgreSQL connector"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  tags                    = var.tags
}

resource "aws_kms_alias" "spill" {
  count = local.create_spill_key ? 1 : 0

  name          = "alias/${var.name}-spill"
  target_key_id = aws_kms_key.spill[0].key_id
}

module "spill_bucket" {
  source = "../private-bucket"

  name              = var.spill_bucket_name
  kms_key_arn       = local.spill_kms_key_arn
  expiration_days   = var.spill_expiration_days
  expiration_prefix = "${var.spill_prefix}/"
  force_destroy     = true # spill is transient query data
  tags              = var.tags
}

################################################################################
# Read-only database user's secret
################################################################################

resource "aws_secretsmanager_secret" "this" {
  name                    = var.secret_name
  description             = "Read-only PostgreSQL user of the ${var.name} Athena connector"
  kms_key_id              = var.secret_kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_in_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "this" {
  count = var.read_only_user == null ? 0 : 1

  secret_id = aws_secretsmanager_secret.this.id
  secret_string = jsonencode({
    username = var.read_only_user.username
    password = var.read_only_user.password
  })
}

################################################################################
# Network
################################################################################

resource "aws_security_group" "this" {
  name        = "${var.name}-connector"
  description = "Athena PostgreSQL connector ${var.name}"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "database" {
  security_group_id            = aws_security_group.this.id
  description                  = "PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = var.database.port
  to_port                      = var.database.port
  referenced_security_group_id = var.database_security_group_id
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.this.id
  description       = "AWS APIs (S3 spill, Secrets Manager, Athena) through NAT or VPC endpoints"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "database_from_connector" {
  security_group_id            = var.database_security_group_id
  description                  = "Athena PostgreSQL connector ${var.name}"
  ip_protocol                  = "tcp"
  from_port                    = var.database.port
  to_port                      = var.database.port
  referenced_security_group_id = aws_security_group.this.id
}

################################################################################
# Connector role
################################################################################

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "LambdaAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = "${var.name}-connector"
  description          = "Athena PostgreSQL connector ${var.name}"
  assume_role_policy   = data.aws_iam_policy_document.assume_role.json
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

data "aws_iam_policy_document" "connector" {
  # THE lesson: results over the inline limit are spilled to S3. Without write access
  # here, large queries fail with misleading "access denied" errors.
  statement {
    sid = "SpillObjectsReadWrite"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
    ]
    resources = ["${module.spill_bucket.arn}/*"]
  }

  statement {
    sid = "SpillBucket"
    actions = [
      "s3:ListBucket",
      "s3:GetBucketLocation",
      "s3:GetLifecycleConfiguration",
    ]
    resources = [module.spill_bucket.arn]
  }

  dynamic "statement" {
    for_each = local.spill_kms_key_arn == null ? [] : [local.spill_kms_key_arn]

    content {
      sid = "SpillKeyThroughS3"
      actions = [
        "kms:GenerateDataKey",
        "kms:Decrypt",
      ]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${local.region}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "ReadOnlyUserSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.this.arn]
  }

  dynamic "statement" {
    for_each = var.secret_kms_key_arn == null ? [] : [var.secret_kms_key_arn]

    content {
      sid       = "SecretKeyThroughSecretsManager"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
      }
    }
  }

  statement {
    sid = "Logs"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  # The connector checks whether its query is still running, to stop early.
  statement {
    sid       = "AthenaQueryState"
    actions   = ["athena:GetQueryExecution"]
    resources = ["arn:${local.partition}:athena:${local.region}:${local.account_id}:workgroup/*"]
  }

  # "*": a VPC function's network interfaces are created by Lambda before their ARNs
  # exist, and the EC2 Describe* calls have no resource-level permissions (this is the
  # content of the AWSLambdaVPCAccessExecutionRole managed policy).
  statement {
    sid = "VpcNetworkInterfaces"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "connector" {
  name   = "connector"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.connector.json
}

################################################################################
# Connector application (Serverless Application Repository)
################################################################################

resource "aws_serverlessapplicationrepository_cloudformation_stack" "this" {
  # The Serverless Application Repository names the stack "serverlessrepo-<name>" itself.
  # CloudFormation stack names allow letters, digits and '-' only.
  name             = replace(var.name, "_", "-")
  application_id   = "arn:aws:serverlessrepo:us-east-1:292517598671:applications/AthenaPostgreSQLConnector"
  semantic_version = var.application_version

  # The template declares IAM resources (used only without LambdaRoleARN), among them an
  # AWS::IAM::Policy, which SAR counts as a resource policy: it refuses to deploy unless
  # both are acknowledged.
  capabilities = [
    "CAPABILITY_IAM",
    "CAPABILITY_RESOURCE_POLICY",
  ]

  parameters = local.application_parameters

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.handler_variant == "multiplexed" || length(var.additional_catalog_names) == 0
      error_message = "additional_catalog_names needs handler_variant = \"multiplexed\": the single-instance handler serves one catalog."
    }
  }

  # The first query must already be able to spill, log and read the secret.
  depends_on = [
    aws_iam_role_policy.connector,
    aws_cloudwatch_log_group.this,
  ]
}

################################################################################
# Athena data catalog(s)
################################################################################

resource "aws_athena_data_catalog" "this" {
  for_each = toset(local.catalog_names)

  name        = each.value
  description = "PostgreSQL ${var.database.host}/${var.database.name} through ${var.name}"
  type        = "LAMBDA"

  parameters = {
    function = local.function_arn
  }

  tags = var.tags

  depends_on = [aws_serverlessapplicationrepository_cloudformation_stack.this]
}
