# Inputs and settings the module must refuse at plan time (one run each, with the value
# that AWS would reject or that would break a guarantee). The behaviour of the module is
# tested in private_bucket.tftest.hcl.

mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan
}

variables {
  name = "athena-lake-test-bucket"
}

run "rejects_invalid_bucket_name" {
  command = plan

  variables {
    name = "Athena_Lake"
  }

  expect_failures = [var.name]
}

run "rejects_ip_address_bucket_name" {
  command = plan

  variables {
    name = "192.168.10.1"
  }

  expect_failures = [var.name]
}

run "rejects_zero_expiration" {
  command = plan

  variables {
    expiration_days = 0
  }

  expect_failures = [var.expiration_days]
}

run "rejects_non_kms_arn" {
  command = plan

  variables {
    kms_key_arn = "alias/my-key"
  }

  expect_failures = [var.kms_key_arn]
}
