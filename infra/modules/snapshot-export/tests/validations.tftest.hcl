# Inputs and settings the module must refuse at plan time (one run each, with the value
# that AWS would reject or that would break a guarantee). The behaviour of the module is
# tested in snapshot_export.tftest.hcl.

mock_provider "aws" {
  source          = "../../tests/mocks"
  override_during = plan
}

variables {
  export_bucket_name    = "acme-rds-exports"
  export_principal_arns = ["arn:aws:iam::123456789012:role/athena-lake-export-service"]
}

run "rejects_new_folders_only_with_updating_schema_policy" {
  command = plan

  variables {
    crawler_recrawl_behavior = "CRAWL_NEW_FOLDERS_ONLY"
  }

  expect_failures = [aws_glue_crawler.this]
}

run "rejects_event_mode_without_an_event_queue" {
  command = plan

  variables {
    crawler_recrawl_behavior = "CRAWL_EVENT_MODE"
  }

  expect_failures = [var.crawler_recrawl_behavior]
}

run "rejects_cron_with_day_of_month_and_day_of_week" {
  command = plan

  variables {
    crawler_schedule = "cron(15 3 * * * *)"
  }

  expect_failures = [var.crawler_schedule]
}

run "rejects_bad_log_retention" {
  command = plan

  variables {
    crawler_log_retention_days = 0
  }

  expect_failures = [var.crawler_log_retention_days]
}

run "rejects_bad_cron" {
  command = plan

  variables {
    crawler_schedule = "0 3 * * *"
  }

  expect_failures = [var.crawler_schedule]
}

run "rejects_bad_principal_arn" {
  command = plan

  variables {
    export_principal_arns = ["export-service"]
  }

  expect_failures = [var.export_principal_arns]
}

run "rejects_bad_glue_database_name" {
  command = plan

  variables {
    glue_database_name = "Athena-Lake"
  }

  expect_failures = [var.glue_database_name]
}

run "rejects_prefix_without_trailing_slash" {
  command = plan

  variables {
    lake_prefix = "lake"
  }

  expect_failures = [var.lake_prefix]
}

run "rejects_absolute_export_prefix" {
  command = plan

  variables {
    export_prefix = "/exports/"
  }

  expect_failures = [var.export_prefix]
}

run "rejects_short_kms_deletion_window" {
  command = plan

  variables {
    kms_deletion_window_in_days = 3
  }

  expect_failures = [var.kms_deletion_window_in_days]
}

run "rejects_unknown_delete_behavior" {
  command = plan

  variables {
    crawler_schema_change_policy = { delete_behavior = "DROP" }
  }

  expect_failures = [var.crawler_schema_change_policy]
}

run "rejects_bad_name_prefix" {
  command = plan

  variables {
    name_prefix = "Athena Lake"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_unknown_layout_mode" {
  command = plan

  variables {
    layout_mode = "append"
  }

  expect_failures = [var.layout_mode]
}

# In the replace layout the table level is that of <lake_prefix><table>/, which export-service
# relies on: another one would make partitions of the wrong folders.
run "rejects_table_level_in_replace_layout" {
  command = plan

  variables {
    crawler_table_level = 3
  }

  expect_failures = [aws_glue_crawler.this]
}

run "rejects_lake_database_name_too_long_for_its_staging_database" {
  command = plan

  variables {
    glue_database_name = "${join("", [for i in range(25) : "athenalake"])}_lake"
  }

  expect_failures = [aws_glue_catalog_database.staging]
}
