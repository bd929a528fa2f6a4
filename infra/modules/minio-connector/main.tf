# connector-service (this repository's Athena connector for MinIO / S3-compatible
# stores) as a Lambda function behind a LAMBDA Athena data catalog.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  is_image         = var.package.image_uri != null
  create_spill_key = var.spill_kms_key_arn == null
  spill_kms_key    = local.create_spill_key ? aws_kms_key.spill[0].arn : var.spill_kms_key_arn

  # The names connector-service reads (see connector-service's README).
  connector_environment = {
    AWS_SECRET       = aws_secretsmanager_secret.this.name
    TARGET_BUCKET    = module.spill_bucket.name
    BUCKET_PREFIX    = var.minio.bucket_prefix
    TABLES_PATH      = var.minio.tables_path
    SCHEME           = var.minio.scheme
    SPILL_KMS_KEY_ID = local.spill_kms_key
    # Arrow reads direct buffers' addresses by reflection, which Java 17+ refuses without this.
    JAVA_TOOL_OPTIONS = "--add-opens=java.base/java.nio=ALL-UNNAMED"
  }

  # What the data catalog invokes: the SnapStart alias, or the function itself.
  catalog_function_arn = var.snap_start ? aws_lambda_alias.live[0].arn : aws_lambda_function.this.arn
}

################################################################################
# Spill bucket
################################################################################

resource "aws_kms_key" "spill" {
  count = local.create_spill_key ? 1 : 0

  description             = "Athena spill of the ${var.name} MinIO connector"
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

  name            = var.spill_bucket_name
  kms_key_arn     = local.spill_kms_key
  expiration_days = var.spill_expiration_days
  force_destroy   = true # spill is transient query data
  tags            = var.tags
}

################################################################################
# MinIO secret
################################################################################

resource "aws_secretsmanager_secret" "this" {
  name                    = var.secret_name
  description             = "MinIO credentials of the ${var.name} Athena connector (access_key, secret_key, server)"
  kms_key_id              = var.secret_kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_in_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "this" {
  count = var.minio_credentials == null ? 0 : 1

  secret_id = aws_secretsmanager_secret.this.id
  secret_string = jsonencode({
    access_key = var.minio_credentials.access_key
    secret_key = var.minio_credentials.secret_key
    server     = var.minio_credentials.server
  })
}

################################################################################
# Network
################################################################################

resource "aws_security_group" "this" {
  count = var.vpc == null ? 0 : 1

  name        = "${var.name}-connector"
  description = "Athena MinIO connector ${var.name}"
  vpc_id      = var.vpc.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "minio" {
  for_each = var.vpc == null ? toset([]) : toset(var.vpc.minio_cidr_blocks)

  security_group_id = aws_security_group.this[0].id
  description       = "MinIO"
  ip_protocol       = "tcp"
  from_port         = var.vpc.minio_port
  to_port           = var.vpc.minio_port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "https" {
  for_each = var.vpc == null ? toset([]) : toset(var.vpc.https_cidr_blocks)

  security_group_id = aws_security_group.this[0].id
  description       = "AWS APIs (S3 spill, Secrets Manager, KMS, Athena) and https MinIO endpoints"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

################################################################################
# Role
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
  name               = "${var.name}-connector"
  description        = "Athena MinIO connector ${var.name}"
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
  tags               = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

data "aws_iam_policy_document" "connector" {
  # Results over the inline limit are spilled to S3: without write access here, large
  # queries fail with misleading "access denied" errors.
  statement {
    sid = "SpillObjectsReadWrite"
    actions = [
      "s3:GetObject",
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
    ]
    resources = [module.spill_bucket.arn]
  }

  # Used both by S3 (SSE-KMS of the bucket) and by the connector itself, which
  # encrypts spilled blocks with data keys of SPILL_KMS_KEY_ID: no kms:ViaService.
  statement {
    sid = "SpillKey"
    actions = [
      "kms:GenerateDataKey",
      "kms:Decrypt",
    ]
    resources = [local.spill_kms_key]
  }

  statement {
    sid       = "MinioSecret"
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

  dynamic "statement" {
    for_each = var.vpc == null ? [] : [1]

    # "*": a VPC function's network interfaces are created by Lambda before their
    # ARNs exist, and the EC2 Describe* calls have no resource-level permissions (the
    # content of the AWSLambdaVPCAccessExecutionRole managed policy).
    content {
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
}

resource "aws_iam_role_policy" "connector" {
  name   = "connector"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.connector.json
}

################################################################################
# Function
################################################################################

resource "aws_s3_object" "package" {
  count = var.package.file == null ? 0 : 1

  bucket      = var.package.s3_bucket
  key         = var.package.s3_key
  source      = var.package.file
  source_hash = filemd5(var.package.file)
  tags        = var.tags
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  description   = "athena-lake connector-service: Athena federated queries over MinIO / S3-compatible stores"
  role          = aws_iam_role.this.arn
  memory_size   = var.memory_size
  timeout       = var.timeout
  architectures = ["x86_64"]

  package_type      = local.is_image ? "Image" : "Zip"
  image_uri         = var.package.image_uri
  runtime           = local.is_image ? null : var.runtime
  handler           = local.is_image ? null : var.handler
  s3_bucket         = local.is_image ? null : var.package.s3_bucket
  s3_key            = local.is_image ? null : (var.package.file == null ? var.package.s3_key : aws_s3_object.package[0].key)
  s3_object_version = local.is_image ? null : (var.package.file == null ? var.package.s3_object_version : aws_s3_object.package[0].version_id)
  source_code_hash  = var.package.file == null ? null : filebase64sha256(var.package.file)

  # SnapStart snapshots a published version; invocations of $LATEST never use it.
  publish = var.snap_start

  dynamic "snap_start" {
    for_each = var.snap_start ? [1] : []

    content {
      apply_on = "PublishedVersions"
    }
  }

  dynamic "vpc_config" {
    for_each = var.vpc == null ? [] : [var.vpc]

    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = [aws_security_group.this[0].id]
    }
  }

  environment {
    variables = merge(var.environment, local.connector_environment)
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = !(var.snap_start && local.is_image)
      error_message = "SnapStart is not available for container images: use a zip package or snap_start = false."
    }
  }

  # The first query must already be able to spill, log and read the secret.
  depends_on = [aws_iam_role_policy.connector]
}

resource "aws_lambda_alias" "live" {
  count = var.snap_start ? 1 : 0

  name             = "live"
  description      = "The published (SnapStart) version Athena invokes"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

################################################################################
# Athena data catalog
################################################################################

resource "aws_athena_data_catalog" "this" {
  name        = var.catalog_name
  description = "MinIO through ${var.name} (connector-service)"
  type        = "LAMBDA"

  parameters = {
    function = local.catalog_function_arn
  }

  tags = var.tags
}
