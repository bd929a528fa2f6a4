# Inputs and settings the module must refuse at plan time (one run each, with the value
# that AWS would reject or that would break a guarantee). The behaviour of the module is
# tested in minio_connector.tftest.hcl.

mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan
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

run "rejects_snap_start_with_image" {
  command = plan

  variables {
    snap_start = true
    package = {
      image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/connector-service:1.0.0"
    }
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_both_zip_and_image" {
  command = plan

  variables {
    package = {
      s3_bucket = "acme-artifacts"
      s3_key    = "connector-service/function.zip"
      image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/connector-service:1.0.0"
    }
  }

  expect_failures = [var.package]
}

run "rejects_non_ecr_image" {
  command = plan

  variables {
    package = {
      image_uri = "docker.io/library/connector-service:latest"
    }
  }

  expect_failures = [var.package]
}

run "rejects_java11" {
  command = plan

  variables {
    runtime = "java11"
  }

  expect_failures = [var.runtime]
}

run "rejects_java17" {
  command = plan

  variables {
    runtime = "java17"
  }

  expect_failures = [var.runtime]
}

run "rejects_ftp_scheme" {
  command = plan

  variables {
    minio = {
      scheme = "ftp"
    }
  }

  expect_failures = [var.minio]
}

run "rejects_memory_over_10240" {
  command = plan

  variables {
    memory_size = 20480
  }

  expect_failures = [var.memory_size]
}

run "rejects_bad_vpc" {
  command = plan

  variables {
    vpc = {
      vpc_id            = "vpc-0123456789abcdef0"
      subnet_ids        = []
      minio_cidr_blocks = ["10.20.0.0/16"]
    }
  }

  expect_failures = [var.vpc]
}

run "rejects_bad_function_name" {
  command = plan

  variables {
    name = "athena minio"
  }

  expect_failures = [var.name]
}

run "rejects_a_recovery_window_secrets_manager_refuses" {
  command = plan

  variables {
    secret_recovery_window_in_days = 3
  }

  expect_failures = [var.secret_recovery_window_in_days]
}
