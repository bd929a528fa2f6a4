# Inputs and settings the module must refuse at plan time (one run each, with the value
# that AWS would reject or that would break a guarantee). The behaviour of the module is
# tested in query.tftest.hcl.

mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan
}

variables {
  results_bucket_name = "acme-athena-results"
}

run "rejects_cutoff_below_10_mb" {
  command = plan

  variables {
    bytes_scanned_cutoff_per_query = 10485759
  }

  expect_failures = [var.bytes_scanned_cutoff_per_query]
}

run "rejects_bad_workgroup_name" {
  command = plan

  variables {
    workgroup_name = "athena lake"
  }

  expect_failures = [var.workgroup_name]
}

run "rejects_zero_results_expiration" {
  command = plan

  variables {
    results_expiration_days = 0
  }

  expect_failures = [var.results_expiration_days]
}

run "rejects_bad_results_prefix" {
  command = plan

  variables {
    results_prefix = "results"
  }

  expect_failures = [var.results_prefix]
}

run "rejects_non_kms_arn" {
  command = plan

  variables {
    kms_key_arn = "alias/aws/s3"
  }

  expect_failures = [var.kms_key_arn]
}
