#!/usr/bin/env bash
# Offline checks for everything under infra/:
#   terraform fmt -check, the README tables against variables.tf/outputs.tf
#   (readme_tables.py), then for every module and example: init (offline plugin
#   mirror), validate, and — for every module with tests/ — terraform test (mock
#   providers); then the mutation check (mutate.sh; INFRA_SKIP_MUTATIONS=1 skips it).
#   Prints "N passed, M failed" last — terraform test run blocks and mutations, plus one
#   failure per failed fmt/README/init/validate step — and exits non-zero on any failure.
set -euo pipefail

infra_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

find_plugin_dir() {
  if [[ -n "${TF_PLUGIN_DIR:-}" ]]; then
    if [[ -d "${TF_PLUGIN_DIR}/registry.terraform.io" ]]; then
      echo "${TF_PLUGIN_DIR}"
      return 0
    fi
    echo "check.sh: TF_PLUGIN_DIR=${TF_PLUGIN_DIR} holds no registry.terraform.io folder" >&2
    return 1
  fi
  if [[ -d /opt/tf-plugins/registry.terraform.io ]]; then
    echo /opt/tf-plugins
    return 0
  fi
  local found
  found="$(find / -maxdepth 5 -type d -name registry.terraform.io 2>/dev/null | head -n 1 || true)"
  if [[ -n "${found}" ]]; then
    dirname "${found}"
    return 0
  fi
  echo "check.sh: no offline Terraform provider mirror found." >&2
  echo "  Set TF_PLUGIN_DIR to the folder that holds registry.terraform.io/hashicorp/aws/<version>/<os_arch>/." >&2
  return 1
}

if ! command -v terraform >/dev/null 2>&1; then
  echo "check.sh: terraform is not on the PATH" >&2
  exit 1
fi

plugin_dir="$(find_plugin_dir)"

# A CLI config path that points nowhere only produces a warning on every command.
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "${TF_CLI_CONFIG_FILE}" ]]; then
  unset TF_CLI_CONFIG_FILE
fi
export TF_IN_AUTOMATION=1
export TF_INPUT=0
export CHECKPOINT_DISABLE=1

# Terraform's working data goes to a scratch folder, never into the tree.
scratch="$(mktemp -d)"
created_lock_files=()
cleanup() {
  local f
  for f in "${created_lock_files[@]+"${created_lock_files[@]}"}"; do
    rm -f "${f}"
  done
  rm -rf "${scratch}"
}
trap cleanup EXIT

failures=0
test_step_failures=0
runs_passed=0
runs_failed=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

echo "== terraform fmt -check -recursive ${infra_dir}"
if ! terraform fmt -check -recursive -diff "${infra_dir}"; then
  fail "terraform fmt (run: terraform fmt -recursive infra)"
fi

echo "== README tables (python3 infra/readme_tables.py --check)"
if ! command -v python3 >/dev/null 2>&1; then
  fail "README tables: python3 is not on the PATH"
elif ! python3 "${infra_dir}/readme_tables.py" --check; then
  fail "README tables (run: python3 infra/readme_tables.py --write)"
fi

mapfile -t roots < <(
  find "${infra_dir}/modules" "${infra_dir}/examples" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort
)

for root in "${roots[@]}"; do
  rel="${root#"${infra_dir}/"}"
  echo "== ${rel}"
  export TF_DATA_DIR="${scratch}/${rel//\//_}"
  lock="${root}/.terraform.lock.hcl"
  lockfile_mode=()
  if [[ ! -e "${lock}" ]]; then
    created_lock_files+=("${lock}")
  else
    # A committed lock file (the example's) must already hold what init selects.
    lockfile_mode=(-lockfile=readonly)
  fi

  if ! (cd "${root}" && terraform init -backend=false -plugin-dir="${plugin_dir}" "${lockfile_mode[@]+"${lockfile_mode[@]}"}" -no-color >"${TF_DATA_DIR}.init.log" 2>&1); then
    cat "${TF_DATA_DIR}.init.log" >&2
    fail "${rel}: terraform init"
    continue
  fi

  if ! (cd "${root}" && terraform validate -no-color); then
    fail "${rel}: terraform validate"
    continue
  fi

  if [[ -d "${root}/tests" ]]; then
    log="${TF_DATA_DIR}.test.log"
    status=0
    (cd "${root}" && terraform test -no-color) >"${log}" 2>&1 || status=$?
    cat "${log}"
    # Terraform's summary: "Success! N passed, M failed." or "Failure! N passed, M failed[, K skipped]."
    summary="$(grep -E '^(Success|Failure)! [0-9]+ passed, [0-9]+ failed' "${log}" | tail -n 1 || true)"
    if [[ -z "${summary}" ]]; then
      fail "${rel}: terraform test produced no summary"
      continue
    fi
    passed="$(sed -E 's/^[A-Za-z]+! ([0-9]+) passed.*/\1/' <<<"${summary}")"
    failed="$(sed -E 's/^[A-Za-z]+! [0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"${summary}")"
    skipped=0
    if [[ "${summary}" =~ ([0-9]+)\ skipped ]]; then
      skipped="${BASH_REMATCH[1]}"
    fi
    if [[ $((passed + failed + skipped)) -eq 0 ]]; then
      fail "${rel}: tests/ holds no run blocks"
    fi
    runs_passed=$((runs_passed + passed))
    # A skipped run block never proved anything: count it as failed.
    runs_failed=$((runs_failed + failed + skipped))
    if [[ ${status} -ne 0 || ${failed} -ne 0 || ${skipped} -ne 0 ]]; then
      if [[ ${failed} -ne 0 || ${skipped} -ne 0 ]]; then
        # Already counted as failed run blocks.
        test_step_failures=$((test_step_failures + 1))
      fi
      fail "${rel}: terraform test"
    fi
  elif [[ "${rel}" == modules/* ]]; then
    fail "${rel}: module has no tests/ folder"
  fi
done

# The mutation check (mutate.sh): each guarantee removed in turn must turn a test red. It
# only means something on green tests, and takes minutes: INFRA_SKIP_MUTATIONS=1 skips it.
if [[ "${INFRA_SKIP_MUTATIONS:-0}" == "1" ]]; then
  echo "== mutations skipped (INFRA_SKIP_MUTATIONS=1)"
elif [[ ${failures} -ne 0 ]]; then
  echo "== mutations not run: the checks above failed"
else
  echo "== mutations (bash infra/mutate.sh)"
  mutation_log="${scratch}/mutations.log"
  status=0
  bash "${infra_dir}/mutate.sh" --assume-green | tee "${mutation_log}" || status=$?
  summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "${mutation_log}" | tail -n 1 || true)"
  if [[ -z "${summary}" ]]; then
    fail "mutate.sh produced no summary"
  else
    runs_passed=$((runs_passed + ${summary%% passed*}))
    mutations_failed="${summary#*, }"
    mutations_failed="${mutations_failed%% failed}"
    runs_failed=$((runs_failed + mutations_failed))
    if [[ ${status} -ne 0 || ${mutations_failed} -ne 0 ]]; then
      fail "mutations: a guarantee no test protects (see GREEN/STALE/INVAL lines above)"
      if [[ ${mutations_failed} -ne 0 ]]; then
        # Already counted as failed mutations.
        test_step_failures=$((test_step_failures + 1))
      fi
    fi
  fi
fi

# The summary counts terraform test run blocks and mutations; a failed fmt/init/validate step (which
# stops that root's tests from running) counts as one failure too, so that a red check
# never prints "0 failed".
step_failures=$((failures - test_step_failures))
if [[ ${failures} -ne 0 ]]; then
  echo "${failures} check(s) failed" >&2
fi
echo "${runs_passed} passed, $((runs_failed + step_failures)) failed"
[[ ${failures} -eq 0 && ${runs_failed} -eq 0 ]]
