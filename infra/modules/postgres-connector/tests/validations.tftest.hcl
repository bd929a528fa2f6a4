# Inputs and settings the module must refuse at plan time (one run each, with the value
# that AWS would reject or that would break a guarantee). The behaviour of the module is
# tested in postgres_connector.tftest.hcl.

mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan
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

run "rejects_a_release_that_deploys_java11" {
  command = plan

  variables {
    application_version = "2024.38.1"
  }

  expect_failures = [var.application_version]
}

run "rejects_additional_catalogs_on_single_handler" {
  command = plan

  variables {
    additional_catalog_names = ["postgres_reporting"]
  }

  expect_failures = [aws_serverlessapplicationrepository_cloudformation_stack.this]
}

run "rejects_upper_case_function_name" {
  command = plan

  variables {
    name = "Athena_Postgres"
  }

  expect_failures = [var.name]
}

run "rejects_unknown_handler_variant" {
  command = plan

  variables {
    handler_variant = "mux"
  }

  expect_failures = [var.handler_variant]
}

run "rejects_unpinned_version" {
  command = plan

  variables {
    application_version = "latest"
  }

  expect_failures = [var.application_version]
}

run "rejects_bad_subnet_ids" {
  command = plan

  variables {
    subnet_ids = ["10.0.1.0/24"]
  }

  expect_failures = [var.subnet_ids]
}

run "rejects_bad_security_group_id" {
  command = plan

  variables {
    database_security_group_id = "default"
  }

  expect_failures = [var.database_security_group_id]
}

run "rejects_bad_vpc_id" {
  command = plan

  variables {
    vpc_id = "main"
  }

  expect_failures = [var.vpc_id]
}

run "rejects_bad_catalog_name" {
  command = plan

  variables {
    catalog_name = "Postgres DB"
  }

  expect_failures = [var.catalog_name]
}

run "rejects_timeout_over_15_minutes" {
  command = plan

  variables {
    lambda_timeout = 901
  }

  expect_failures = [var.lambda_timeout]
}

run "rejects_invalid_spill_encryption" {
  command = plan

  variables {
    spill_encryption = "NONE"
  }

  expect_failures = [var.spill_encryption]
}

run "rejects_a_recovery_window_secrets_manager_refuses" {
  command = plan

  variables {
    secret_recovery_window_in_days = 3
  }

  expect_failures = [var.secret_recovery_window_in_days]
}
