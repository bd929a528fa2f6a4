# Inputs and settings the module must refuse at plan time (one run each, with the value
# that AWS would reject or that would break a guarantee). The behaviour of the module is
# tested in queue.tftest.hcl.

mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan
}

variables {
  name = "orders"
}

run "rejects_invalid_name" {
  command = plan

  variables {
    name = "orders.fifo"
  }

  expect_failures = [var.name]
}

run "rejects_zero_max_receive_count" {
  command = plan

  variables {
    max_receive_count = 0
  }

  expect_failures = [var.max_receive_count]
}

run "rejects_retention_over_14_days" {
  command = plan

  variables {
    message_retention_seconds = 1209601
  }

  expect_failures = [var.message_retention_seconds]
}

run "rejects_a_name_too_long_for_a_fifo_dlq" {
  command = plan

  variables {
    fifo = true
    name = "a23456789012345678901234567890123456789012345678901234567890123456789012"
  }

  expect_failures = [var.name]
}
