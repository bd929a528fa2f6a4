# Shared mock values for `mock_provider "aws"` in every module's tests.
#
# The provider validates many arguments as ARNs, IDs or JSON, so the computed
# attributes that flow into other resources need realistic shapes. Tests that must
# tell two resources of one type apart give them distinct values with
# `override_resource` in the test file.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:user/terraform-test"
    user_id    = "AIDATESTUSER"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition          = "aws"
    dns_suffix         = "amazonaws.com"
    reverse_dns_prefix = "com.amazonaws"
  }
}

mock_data "aws_region" {
  defaults = {
    name        = "eu-west-1"
    id          = "eu-west-1"
    description = "Europe (Ireland)"
    endpoint    = "ec2.eu-west-1.amazonaws.com"
  }
}

# The real document is only rendered by the provider; tests assert on the
# statement blocks the module feeds it (see infra/README.md, "How the tests work").
mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::mock/*\"}]}"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn                         = "arn:aws:s3:::mock-bucket"
    bucket_domain_name          = "mock-bucket.s3.amazonaws.com"
    bucket_regional_domain_name = "mock-bucket.s3.eu-west-1.amazonaws.com"
    hosted_zone_id              = "Z1BKCTXD74EZPE"
    region                      = "eu-west-1"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    key_id = "11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_kms_alias" {
  defaults = {
    arn            = "arn:aws:kms:eu-west-1:123456789012:alias/mock"
    target_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn       = "arn:aws:iam::123456789012:role/mock-role"
    unique_id = "AROATESTROLE"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mock-queue"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock-queue"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock-queue"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mock-secret-AbCdEf"
    id  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mock-secret-AbCdEf"
  }
}

mock_resource "aws_security_group" {
  defaults = {
    arn = "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123456789abcdef0"
    id  = "sg-0123456789abcdef0"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/mock"
  }
}

mock_resource "aws_cloudwatch_event_rule" {
  defaults = {
    arn = "arn:aws:events:eu-west-1:123456789012:rule/mock-rule"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn                  = "arn:aws:lambda:eu-west-1:123456789012:function:mock"
    qualified_arn        = "arn:aws:lambda:eu-west-1:123456789012:function:mock:1"
    invoke_arn           = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:mock/invocations"
    version              = "1"
    qualified_invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:mock:1/invocations"
  }
}

mock_resource "aws_lambda_alias" {
  defaults = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:mock:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:mock:live/invocations"
  }
}

mock_resource "aws_athena_workgroup" {
  defaults = {
    arn = "arn:aws:athena:eu-west-1:123456789012:workgroup/mock"
  }
}

mock_resource "aws_athena_data_catalog" {
  defaults = {
    arn = "arn:aws:athena:eu-west-1:123456789012:datacatalog/mock"
  }
}

mock_resource "aws_glue_catalog_database" {
  defaults = {
    arn = "arn:aws:glue:eu-west-1:123456789012:database/mock"
  }
}

mock_resource "aws_glue_crawler" {
  defaults = {
    arn = "arn:aws:glue:eu-west-1:123456789012:crawler/mock"
  }
}

mock_resource "aws_ecs_cluster" {
  defaults = {
    arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/mock"
    id  = "arn:aws:ecs:eu-west-1:123456789012:cluster/mock"
  }
}

mock_resource "aws_ecs_task_definition" {
  defaults = {
    arn                  = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mock:1"
    arn_without_revision = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mock"
  }
}

mock_resource "aws_ecs_service" {
  defaults = {
    id = "arn:aws:ecs:eu-west-1:123456789012:service/mock/mock"
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/mock/0123456789abcdef"
    arn_suffix = "app/mock/0123456789abcdef"
    dns_name   = "mock-123456789.eu-west-1.elb.amazonaws.com"
    zone_id    = "Z32O12XQLNTSW2"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/mock/0123456789abcdef"
    arn_suffix = "targetgroup/mock/0123456789abcdef"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/mock/0123456789abcdef/0123456789abcdef"
  }
}

mock_resource "aws_appautoscaling_target" {
  defaults = {
    arn = "arn:aws:application-autoscaling:eu-west-1:123456789012:scalable-target/mock"
  }
}

mock_resource "aws_appautoscaling_policy" {
  defaults = {
    arn = "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:mock"
  }
}

mock_resource "aws_serverlessapplicationrepository_cloudformation_stack" {
  defaults = {
    id = "arn:aws:cloudformation:eu-west-1:123456789012:stack/serverlessrepo-mock/11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_s3_object" {
  defaults = {
    version_id = "mockversion"
    etag       = "d41d8cd98f00b204e9800998ecf8427e"
  }
}
