#!/usr/bin/env bash
# Mutation check of infra/: removes (or breaks) one guarantee at a time in a copy of infra/
# and runs that module's `terraform test`, which must turn red. A mutation the tests do not
# notice is a guarantee nothing protects: it counts as failed. So does a mutation whose text
# no longer appears exactly once in its file (stale), and one that Terraform rejects as an
# invalid configuration before any run block (it would prove nothing about the tests).
#
#   bash infra/mutate.sh                 # checks that the unmutated tests pass, then mutates
#   bash infra/mutate.sh --assume-green  # skip that first pass (check.sh has just run them)
#   bash infra/mutate.sh NAME...         # only the named mutations
#
# Prints one line per mutation and ends with "N passed, M failed" (N mutations turned a
# test red). Needs terraform, python3 and the offline provider mirror (see check.sh).
set -euo pipefail

infra_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

assume_green=0
selected=()
for arg in "$@"; do
  case "${arg}" in
    --assume-green) assume_green=1 ;;
    -*) echo "mutate.sh: unknown option ${arg}" >&2; exit 2 ;;
    *) selected+=("${arg}") ;;
  esac
done

################################################################################
# The mutations: name, the root whose tests must turn red (":<test file>" to run only that
# file; by default every test file but tests/validations.tftest.hcl, which holds the
# refusals of bad inputs), the file to mutate (relative to infra/), the exact text to
# replace and its replacement.
################################################################################

names=() roots=() files=() olds=() news=()
mutation() {
  names+=("$1") roots+=("$2") files+=("$3") olds+=("$4") news+=("$5")
}

# --- private-bucket and queue: the building blocks -----------------------------------

mutation bucket-policy-not-attached modules/private-bucket modules/private-bucket/main.tf \
'resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this.json

  # S3 rejects a policy put while the public access block is being changed.
  depends_on = [aws_s3_bucket_public_access_block.this]
}' ''

mutation bucket-policy-allows-plain-http modules/private-bucket modules/private-bucket/main.tf \
'    sid     = "DenyInsecureTransport"
    effect  = "Deny"' \
'    sid     = "DenyInsecureTransport"
    effect  = "Allow"'

mutation bucket-public-policy-not-blocked modules/private-bucket modules/private-bucket/main.tf \
'  block_public_policy     = true' \
'  block_public_policy     = false'

mutation queue-policy-not-attached modules/queue modules/queue/main.tf \
'resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.this.json
}' ''

mutation dlq-policy-not-attached modules/queue modules/queue/main.tf \
'resource "aws_sqs_queue_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  policy    = data.aws_iam_policy_document.dlq.json
}' ''

mutation dlq-redrive-allow-all modules/queue modules/queue/main.tf \
'    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]' \
'    redrivePermission = "allowAll"'

mutation dlq-caller-documents-dropped modules/queue modules/queue/main.tf \
'  source_policy_documents = var.dlq_policy_documents
' ''

mutation fifo-queue-not-fifo modules/queue modules/queue/main.tf \
'  name                              = "${var.name}${local.suffix}"
  fifo_queue                        = var.fifo' \
'  name                              = "${var.name}${local.suffix}"
  fifo_queue                        = false'

mutation fifo-queue-dlq-not-fifo modules/queue modules/queue/main.tf \
'  name                              = "${var.name}-dlq${local.suffix}"
  fifo_queue                        = var.fifo' \
'  name                              = "${var.name}-dlq${local.suffix}"
  fifo_queue                        = false'

mutation queue-name-too-long-for-a-fifo-dlq-accepted modules/queue:tests/validations.tftest.hcl modules/queue/variables.tf \
'    condition     = can(regex("^[A-Za-z0-9_-]{1,71}$", var.name))' \
'    condition     = can(regex("^[A-Za-z0-9_-]{1,76}$", var.name))'

# --- query ----------------------------------------------------------------------------

mutation results-key-rotation-off modules/query modules/query/main.tf \
'  enable_key_rotation     = true' \
'  enable_key_rotation     = false'

mutation schedule-firings-not-fifo modules/query modules/query/main.tf \
'  fifo                       = true
' ''

# --- postgres-connector -----------------------------------------------------------------

mutation postgres-release-that-deploys-java11 modules/postgres-connector modules/postgres-connector/variables.tf \
'  default     = "2026.33.1"' \
'  default     = "2024.38.1"'

mutation postgres-java11-releases-accepted modules/postgres-connector:tests/validations.tftest.hcl modules/postgres-connector/variables.tf \
'      tonumber(split(".", var.application_version)[2]) >= 2024042001,' \
'      tonumber(split(".", var.application_version)[2]) >= 2000001001,'

mutation postgres-default-parameters-sent modules/postgres-connector modules/postgres-connector/main.tf \
'    { for k, v in local.optional_parameters : k => v if v != local.template_defaults[k] },' \
'    local.optional_parameters,'

mutation postgres-spill-encryption-disabled modules/postgres-connector modules/postgres-connector/main.tf \
'      # Spilled blocks are encrypted with AES-GCM: never "true".
      DisableSpillEncryption = "false"' \
'      # Spilled blocks are encrypted with AES-GCM: never "true".
      DisableSpillEncryption = "true"'

mutation postgres-wrong-function-name modules/postgres-connector modules/postgres-connector/main.tf \
'      LambdaFunctionName      = var.name' \
'      LambdaFunctionName      = "${var.name}-connector"'

mutation postgres-doubled-stack-prefix modules/postgres-connector modules/postgres-connector/main.tf \
'  name             = replace(var.name, "_", "-")' \
'  name             = "serverlessrepo-${replace(var.name, "_", "-")}"'

mutation postgres-list-all-buckets-back modules/postgres-connector modules/postgres-connector/main.tf \
'  statement {
    sid       = "ReadOnlyUserSecret"' \
'  statement {
    sid       = "ListBuckets"
    actions   = ["s3:ListAllMyBuckets"]
    resources = ["*"]
  }

  statement {
    sid       = "ReadOnlyUserSecret"'

mutation postgres-no-spill-write modules/postgres-connector modules/postgres-connector/main.tf \
'      "s3:GetObjectVersion",
      "s3:PutObject",' \
'      "s3:GetObjectVersion",'

mutation postgres-spill-key-wrong-via-service modules/postgres-connector modules/postgres-connector/main.tf \
'        values   = ["s3.${local.region}.amazonaws.com"]' \
'        values   = ["sqs.${local.region}.amazonaws.com"]'

mutation postgres-spill-key-rotation-off modules/postgres-connector modules/postgres-connector/main.tf \
'  enable_key_rotation     = true' \
'  enable_key_rotation     = false'

mutation postgres-logs-never-expire modules/postgres-connector modules/postgres-connector/main.tf \
'  retention_in_days = var.log_retention_days' \
'  retention_in_days = 0'

mutation postgres-secret-recovery-window-ignored modules/postgres-connector modules/postgres-connector/main.tf \
'  recovery_window_in_days = var.secret_recovery_window_in_days
' ''

# --- minio-connector --------------------------------------------------------------------

mutation minio-java17-accepted modules/minio-connector:tests/validations.tftest.hcl modules/minio-connector/variables.tf \
'    condition     = contains(["java21"], var.runtime)' \
'    condition     = contains(["java17", "java21"], var.runtime)'

mutation minio-function-outside-the-vpc modules/minio-connector modules/minio-connector/main.tf \
'  dynamic "vpc_config" {
    for_each = var.vpc == null ? [] : [var.vpc]

    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = [aws_security_group.this[0].id]
    }
  }
' ''

mutation minio-spill-key-rotation-off modules/minio-connector modules/minio-connector/main.tf \
'  enable_key_rotation     = true' \
'  enable_key_rotation     = false'

mutation minio-logs-never-expire modules/minio-connector modules/minio-connector/main.tf \
'  retention_in_days = var.log_retention_days' \
'  retention_in_days = 0'

# --- snapshot-export --------------------------------------------------------------------

mutation export-role-narrower-than-documented modules/snapshot-export modules/snapshot-export/main.tf \
'      "s3:GetObject*",' \
'      "s3:GetObject",'

mutation export-role-whole-bucket modules/snapshot-export modules/snapshot-export/main.tf \
'    resources = ["${module.export_bucket.arn}/${var.export_prefix}*"]' \
'    resources = ["${module.export_bucket.arn}/*"]'

mutation export-key-rotation-off modules/snapshot-export modules/snapshot-export/main.tf \
'  enable_key_rotation     = true' \
'  enable_key_rotation     = false'

mutation export-key-grants-for-anyone modules/snapshot-export modules/snapshot-export/main.tf \
'        variable = "kms:GrantIsForAWSResource"
        values   = ["true"]' \
'        variable = "kms:GrantIsForAWSResource"
        values   = ["false"]'

mutation rds-events-queue-policy-not-attached modules/snapshot-export modules/snapshot-export/main.tf \
'  policy_documents           = [data.aws_iam_policy_document.rds_events.json]
' ''

mutation rds-events-dlq-policy-not-attached modules/snapshot-export modules/snapshot-export/main.tf \
'  dlq_policy_documents       = [data.aws_iam_policy_document.rds_events_dlq.json]
' ''

mutation event-targets-without-dlq modules/snapshot-export modules/snapshot-export/main.tf \
'  dead_letter_config {
    arn = module.rds_events.dlq_arn
  }
' ''

mutation crawler-policy-on-the-export-role modules/snapshot-export modules/snapshot-export/main.tf \
'  name   = "crawl-lake"
  role   = aws_iam_role.crawler.id' \
'  name   = "crawl-lake"
  role   = aws_iam_role.export.id'

mutation crawler-logs-never-expire modules/snapshot-export modules/snapshot-export/main.tf \
'  retention_in_days = var.crawler_log_retention_days' \
'  retention_in_days = 0'

mutation crawler-event-mode-accepted modules/snapshot-export:tests/validations.tftest.hcl modules/snapshot-export/variables.tf \
'    condition     = contains(["CRAWL_EVERYTHING", "CRAWL_NEW_FOLDERS_ONLY"], var.crawler_recrawl_behavior)' \
'    condition     = contains(["CRAWL_EVERYTHING", "CRAWL_NEW_FOLDERS_ONLY", "CRAWL_EVENT_MODE"], var.crawler_recrawl_behavior)'

mutation crawler-cron-day-fields-unchecked modules/snapshot-export:tests/validations.tftest.hcl modules/snapshot-export/variables.tf \
'      (split(" ", trimsuffix(trimprefix(var.crawler_schedule, "cron("), ")"))[2] == "?") !=' \
'      true || (split(" ", trimsuffix(trimprefix(var.crawler_schedule, "cron("), ")"))[2] == "?") !='

mutation crawler-writes-the-live-database-in-replace-layout modules/snapshot-export modules/snapshot-export/main.tf \
'  database_name = local.crawler_database.name' \
'  database_name = aws_glue_catalog_database.this.name'

mutation crawler-role-catalogues-the-live-database modules/snapshot-export modules/snapshot-export/main.tf \
'      local.crawler_database.arn,
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${local.crawler_database.name}/*",' \
'      aws_glue_catalog_database.this.arn,
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${var.glue_database_name}/*",'

mutation crawler-table-level-off-by-one modules/snapshot-export modules/snapshot-export/main.tf \
'  lake_table_level    = length(split("/", trimsuffix(var.lake_prefix, "/"))) + 1' \
'  lake_table_level    = length(split("/", trimsuffix(var.lake_prefix, "/")))'

mutation crawler-partitions-inherit-in-replace-layout modules/snapshot-export modules/snapshot-export/main.tf \
'    local.replace_layout ? {} : {
      CrawlerOutput' \
'    false ? {} : {
      CrawlerOutput'

mutation crawler-table-level-accepted-in-replace-layout modules/snapshot-export:tests/validations.tftest.hcl modules/snapshot-export/main.tf \
'      condition     = !local.replace_layout || var.crawler_table_level == null' \
'      condition     = !local.replace_layout || var.crawler_table_level == null || true'

mutation layout-mode-unchecked modules/snapshot-export:tests/validations.tftest.hcl modules/snapshot-export/variables.tf \
'    condition     = contains(["replace", "snapshots"], var.layout_mode)' \
'    condition     = var.layout_mode != ""'

# --- services ---------------------------------------------------------------------------

mutation query-service-policy-on-the-export-role modules/services modules/services/iam.tf \
'  name   = "query-service"
  role   = aws_iam_role.query_service.id' \
'  name   = "query-service"
  role   = aws_iam_role.export_service.id'

mutation execution-role-is-a-task-role modules/services modules/services/main.tf \
'  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.query_service.arn' \
'  execution_role_arn       = aws_iam_role.query_service.arn
  task_role_arn            = aws_iam_role.query_service.arn'

mutation query-tasks-get-a-public-ip modules/services modules/services/main.tf \
'    security_groups  = [aws_security_group.query_service.id]
    assign_public_ip = false' \
'    security_groups  = [aws_security_group.query_service.id]
    assign_public_ip = true'

mutation service-logs-never-expire modules/services modules/services/main.tf \
'  retention_in_days = var.log_retention_days' \
'  retention_in_days = 0'

mutation query-service-without-its-dlq-urls modules/services modules/services/main.tf \
'      QUERY_SERVICE_QUEUES_REQUESTS_DLQ         = var.query.query_requests_dlq_url
' ''

mutation query-service-without-schedule-firings modules/services modules/services/main.tf \
'      QUERY_SERVICE_QUEUES_SCHEDULE_FIRINGS     = var.query.schedule_firings_queue_url
' ''

mutation query-service-cannot-dead-letter modules/services modules/services/iam.tf \
'  statement {
    sid     = "DeadLetterInvalidMessages"
    actions = ["sqs:SendMessage"]
    resources = [
      var.query.query_requests_dlq_arn,
      var.query.lake_events_dlq_arn,
      var.query.schedule_firings_dlq_arn,
    ]
  }
' ''

mutation query-service-cannot-dead-letter-firings modules/services modules/services/iam.tf \
'      var.query.schedule_firings_dlq_arn,
' ''

mutation query-service-cannot-extend-firing-visibility modules/services modules/services/iam.tf \
'      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [var.query.schedule_firings_queue_arn]' \
'      "sqs:GetQueueAttributes",
    ]
    resources = [var.query.schedule_firings_queue_arn]'

mutation standard-schedule-firings-queue-accepted modules/services:tests/validations.tftest.hcl modules/services/variables.tf \
'    condition     = endswith(var.query.schedule_firings_queue_url, ".fifo") && endswith(var.query.schedule_firings_dlq_url, ".fifo")' \
'    condition     = var.query.schedule_firings_queue_url != "" && var.query.schedule_firings_dlq_url != ""'

mutation export-service-consumes-its-dlq modules/services modules/services/iam.tf \
'    resources = [var.lake.rds_events_queue_arn]' \
'    resources = [var.lake.rds_events_queue_arn, var.lake.rds_events_dlq_arn]'

mutation export-service-cannot-dead-letter modules/services modules/services/iam.tf \
'  statement {
    sid       = "DeadLetterMalformedEvents"
    actions   = ["sqs:SendMessage"]
    resources = [var.lake.rds_events_dlq_arn]
  }
' ''

mutation export-service-without-its-dlq-url modules/services modules/services/main.tf \
'      ATHENA_LAKE_RDS_EVENTS_DLQ_URL    = var.lake.rds_events_dlq_url
' ''

mutation export-service-drops-tables-of-any-database modules/services modules/services/iam.tf \
'      "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/${var.lake.glue_database_name}",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${var.lake.glue_database_name}/*",
    ]
  }

  # replace layout: the crawler' \
'      "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/*",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/*/*",
    ]
  }

  # replace layout: the crawler'

mutation export-service-cannot-update-lake-tables modules/services modules/services/iam.tf \
'["glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable"]' \
'["glue:GetTable", "glue:CreateTable", "glue:DeleteTable"]'

mutation export-service-writes-partitions-of-the-lake-tables modules/services modules/services/iam.tf \
'["glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable"]' \
'["glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable", "glue:BatchCreatePartition"]'

mutation export-service-writes-the-staging-tables modules/services modules/services/iam.tf \
'      actions = ["glue:GetPartition"]' \
'      actions = ["glue:GetPartition", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable"]'

mutation export-service-without-staging-partitions modules/services modules/services/iam.tf \
'    for_each = local.replace_layout ? [var.lake.glue_staging_database_name] : []' \
'    for_each = []'

mutation export-service-not-told-the-layout modules/services modules/services/main.tf \
'      ATHENA_LAKE_LAYOUT_MODE           = var.lake.layout_mode
' ''

mutation query-service-reads-the-staging-database modules/services modules/services/iam.tf \
'      "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/default",
' \
'      "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/default",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${coalesce(var.lake.glue_staging_database_name, "none")}/*",
'

mutation lake-layout-mode-unchecked modules/services:tests/validations.tftest.hcl modules/services/variables.tf \
'    condition     = contains(["replace", "snapshots"], var.lake.layout_mode)' \
'    condition     = var.lake.layout_mode != ""'

mutation lake-without-staging-database-accepted modules/services:tests/validations.tftest.hcl modules/services/variables.tf \
'      var.lake.glue_staging_database_name != null && var.lake.glue_staging_database_name != var.lake.glue_database_name' \
'      var.lake.glue_staging_database_name != var.lake.glue_database_name || true'

mutation query-service-keys-without-via-service modules/services modules/services/iam.tf \
'    sid     = "DecryptLakeAndSpill"
    actions = ["kms:Decrypt"]
    resources = distinct(compact(concat(
      [var.lake.kms_key_arn],
      [for c in var.connectors : c.spill_kms_key_arn],
    )))

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }' \
'    sid     = "DecryptLakeAndSpill"
    actions = ["kms:Decrypt"]
    resources = distinct(compact(concat(
      [var.lake.kms_key_arn],
      [for c in var.connectors : c.spill_kms_key_arn],
    )))'

mutation plain-http-on-the-internet-accepted modules/services:tests/validations.tftest.hcl modules/services/load_balancer.tf \
'      condition     = var.load_balancer.internal || local.https || var.allow_plain_http_internet_facing' \
'      condition     = var.load_balancer.internal || !var.load_balancer.internal'

# --- the example ------------------------------------------------------------------------

mutation example-minio-connector-outside-the-vpc examples/complete examples/complete/main.tf \
'  vpc = {
    vpc_id            = var.vpc_id
    subnet_ids        = var.private_subnet_ids
    minio_port        = var.minio.port
    minio_cidr_blocks = var.minio.cidr_blocks
  }
' ''

mutation example-postgres-missing-from-query-service examples/complete examples/complete/main.tf \
'    {
      catalog_name      = module.postgres_connector.catalog_name
      function_arn      = module.postgres_connector.function_arn
      spill_bucket_arn  = module.postgres_connector.spill_bucket_arn
      spill_kms_key_arn = module.postgres_connector.spill_kms_key_arn
    },
' ''

################################################################################
# Running them
################################################################################

find_plugin_dir() {
  if [[ -n "${TF_PLUGIN_DIR:-}" ]]; then
    echo "${TF_PLUGIN_DIR}"
  elif [[ -d /opt/tf-plugins/registry.terraform.io ]]; then
    echo /opt/tf-plugins
  else
    dirname "$(find / -maxdepth 5 -type d -name registry.terraform.io 2>/dev/null | head -n 1)"
  fi
}

if [[ ${#selected[@]} -gt 0 ]]; then
  for name in "${selected[@]}"; do
    found=0
    for i in "${!names[@]}"; do [[ "${names[$i]}" == "${name}" ]] && found=1; done
    if [[ ${found} -eq 0 ]]; then echo "mutate.sh: no mutation named ${name}" >&2; exit 2; fi
  done
fi
is_selected() {
  [[ ${#selected[@]} -eq 0 ]] && return 0
  local s
  for s in "${selected[@]}"; do [[ "${s}" == "$1" ]] && return 0; done
  return 1
}

if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "${TF_CLI_CONFIG_FILE}" ]]; then
  unset TF_CLI_CONFIG_FILE
fi
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
plugin_dir="$(find_plugin_dir)"

scratch="$(mktemp -d)"
trap 'rm -rf "${scratch}"' EXIT
# The copy: infra/ without Terraform's working folders.
(cd "${infra_dir}/.." && tar --exclude=.terraform -cf - "$(basename "${infra_dir}")") | tar -xf - -C "${scratch}"
copy="${scratch}/$(basename "${infra_dir}")"

declare -A initialised=()
prepare() {
  local root="$1"
  export TF_DATA_DIR="${scratch}/data/${root//\//_}"
  if [[ -z "${initialised[${root}]:-}" ]]; then
    if ! (cd "${copy}/${root}" && terraform init -backend=false -plugin-dir="${plugin_dir}" -no-color >"${TF_DATA_DIR}.init.log" 2>&1); then
      cat "${TF_DATA_DIR}.init.log" >&2
      return 1
    fi
    initialised[${root}]=1
  fi
}

replace_once() { # file old new -> 0, or 3 when old does not occur exactly once
  python3 - "$1" "$2" "$3" <<'EOF'
import sys
path, old, new = sys.argv[1:4]
text = open(path).read()
if text.count(old) != 1:
    print(text.count(old))
    sys.exit(3)
open(path, "w").write(text.replace(old, new))
EOF
}

mkdir -p "${scratch}/data"
start=$(date +%s)

if [[ ${assume_green} -eq 0 ]]; then
  declare -A baseline=()
  for i in "${!names[@]}"; do
    is_selected "${names[$i]}" || continue
    root="${roots[$i]%%:*}"
    [[ -n "${baseline[${root}]:-}" ]] && continue
    baseline[${root}]=1
    prepare "${root}"
    if ! (cd "${copy}/${root}" && terraform test -no-color >"${scratch}/baseline.log" 2>&1); then
      tail -n 30 "${scratch}/baseline.log" >&2
      echo "mutate.sh: the unmutated tests of ${root} fail; fix them first" >&2
      echo "0 passed, 1 failed"
      exit 1
    fi
  done
fi

passed=0
failed=0
for i in "${!names[@]}"; do
  name="${names[$i]}"
  is_selected "${name}" || continue
  root="${roots[$i]%%:*}"
  filters=()
  if [[ "${roots[$i]}" == *:* ]]; then
    filters=("-filter=${roots[$i]#*:}")
  else
    for f in "${copy}/${root}"/tests/*.tftest.hcl; do
      [[ "$(basename "${f}")" == validations.tftest.hcl ]] || filters+=("-filter=tests/$(basename "${f}")")
    done
  fi
  file="${copy}/${files[$i]}"
  prepare "${root}"
  cp "${file}" "${scratch}/original"
  t0=$(date +%s)
  if ! count="$(replace_once "${file}" "${olds[$i]}" "${news[$i]}")"; then
    printf 'STALE %-48s its text occurs %s times in %s (update the mutation)\n' "${name}" "${count}" "${files[$i]}"
    failed=$((failed + 1))
    continue
  fi
  # A mutated configuration Terraform itself rejects (a typo in the mutation) would turn
  # every test red and prove nothing: it must still validate.
  if ! (cd "${copy}/${root}" && terraform validate -no-color) >"${scratch}/validate.log" 2>&1; then
    cp "${scratch}/original" "${file}"
    error="$(grep -m 1 -E 'Error: ' "${scratch}/validate.log" | sed -E 's/.*Error: //' || true)"
    printf 'INVAL %-48s %3ss  %s: the mutated configuration does not validate (%s)\n' "${name}" "$(($(date +%s) - t0))" "${root}" "${error}"
    failed=$((failed + 1))
    continue
  fi
  status=0
  (cd "${copy}/${root}" && terraform test -no-color "${filters[@]}") >"${scratch}/test.log" 2>&1 || status=$?
  cp "${scratch}/original" "${file}"
  seconds=$(($(date +%s) - t0))
  red="$(grep -E '^  run "[^"]+"\.\.\. fail' "${scratch}/test.log" | sed -E 's/^  run "([^"]+)".*/\1/' | paste -sd, - || true)"
  if [[ ${status} -ne 0 && -n "${red}" ]]; then
    printf 'red   %-48s %3ss  %s: %s\n' "${name}" "${seconds}" "${root}" "${red}"
    passed=$((passed + 1))
  elif [[ ${status} -ne 0 ]]; then
    # No run block failed: Terraform refused the mutated configuration itself, so the
    # mutation proves nothing about the tests. Rewrite it as a valid configuration.
    error="$(grep -m 1 -E 'Error: ' "${scratch}/test.log" | sed -E 's/.*Error: //' || true)"
    printf 'INVAL %-48s %3ss  %s: the mutated configuration is invalid (%s)\n' "${name}" "${seconds}" "${root}" "${error}"
    failed=$((failed + 1))
  else
    printf 'GREEN %-48s %3ss  %s: every test still passes, nothing guards this\n' "${name}" "${seconds}" "${root}"
    failed=$((failed + 1))
  fi
done

echo "mutations: $((passed + failed)) in $(($(date +%s) - start)) s"
echo "${passed} passed, ${failed} failed"
[[ ${failed} -eq 0 ]]
