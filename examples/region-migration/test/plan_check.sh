#!/usr/bin/env bash
# Checks that need the Terraform CLI: formatting, validation, and a real plan
# of each workspace. The plans need AWS credentials (the configuration reads
# availability zones and the AMI from the region) but change nothing.
#
#   TF_VAR_db_password='any-12-plus-chars' test/plan_check.sh
set -euo pipefail

cd "$(dirname "$0")/../lib"
: "${TF_VAR_db_password:?set TF_VAR_db_password (any value of 12 or more characters is fine for a plan)}"

expected_instances=26
cleanup() {
  rm -f ./*.tfplan
  terraform workspace select default >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== terraform fmt"
terraform fmt -check -diff -recursive

echo "== terraform init / validate"
terraform init -input=false >/dev/null
terraform validate

for region in us-west-1 us-west-2; do
  echo "== plan for workspace ${region}"
  terraform workspace select -or-create "${region}" >/dev/null
  plan="${region}.tfplan"
  terraform plan -input=false -lock=false -var-file="env/${region}.tfvars" -out="${plan}" >/dev/null

  # Count what the plan describes, not what it changes, so the check also
  # holds in a workspace whose resources already exist.
  count=$(terraform show -json "${plan}" | jq '[.planned_values.root_module.resources[] | select(.mode == "managed")] | length')
  if [[ "${count}" -ne "${expected_instances}" ]]; then
    echo "FAIL: ${region} plans ${count} resource instances, expected ${expected_instances}" >&2
    exit 1
  fi
  echo "ok: ${region} plans ${count} resource instances"

  no_nat=$(terraform plan -input=false -lock=false -var-file="env/${region}.tfvars" -var enable_nat_gateway=false -out="${plan}" >/dev/null \
    && terraform show -json "${plan}" | jq '[.planned_values.root_module.resources[] | select(.mode == "managed")] | length')
  if [[ "${no_nat}" -ne $((expected_instances - 2)) ]]; then
    echo "FAIL: ${region} without NAT plans ${no_nat} resource instances, expected $((expected_instances - 2))" >&2
    exit 1
  fi
  echo "ok: ${region} without NAT plans ${no_nat} resource instances"
done

echo "== unit tests"
python -m pytest -q ../test/test_unit.py
