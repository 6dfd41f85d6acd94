"""`iacreview plan`: the resource instances `terraform plan` would create, offline."""

from __future__ import annotations

import json

import click

from iacreview.cli.config_options import OrderedVarsCommand, configuration_options, load_configuration, refuse


def address_sort_key(address: str) -> str:
    """Terraform's order: plain string order of the addresses (so `[10]` sorts before `[2]`)."""
    return address


@click.command(cls=OrderedVarsCommand)
@click.argument("path", default=".", type=click.Path())
@configuration_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "terraform-json"]), default="text",
              show_default=True,
              help="text: one line per instance; json: our summary (counts, instances, undetermined); terraform-json: "
                   "the shape of `terraform show -json` (planned_values, resource_changes) for OPA/conftest policies.")
def plan(path: str, var_files: tuple[str, ...], var_args: tuple[str, ...], fmt: str) -> None:
    """List every resource instance a plan of PATH would create, then `Plan: N to add.`

    Variables take their values from terraform.tfvars, *.auto.tfvars, --var-file,
    --var and TF_VAR_* (Terraform's precedence) or their defaults. Where a count
    or for_each depends on values known only after apply, the resource is listed
    with the reason. Local child modules are followed; others are noted.
    """
    config = load_configuration(path, var_files, var_args)
    refuse(path, config.input_problems())  # as `terraform plan` does: plan nothing with values it refuses
    result = config.plan()
    if fmt == "terraform-json":
        from iacreview.model.plan_json import plan_json

        click.echo(json.dumps(plan_json(config.scope, result), indent=2))
        return
    addresses = sorted((i.address for i in result.instances), key=address_sort_key)
    notes = [note for module in config.modules() for note in module.notes]
    if fmt == "json":
        payload = {
            "resources": result.to_add,
            "instances": addresses,
            "by_type": result.by_type,
            "data_sources": sorted((i.address for i in result.data), key=address_sort_key),
            "undetermined": [{"address": u.address, "reason": u.reason} for u in result.undetermined],
            "notes": notes,
        }
        click.echo(json.dumps(payload, indent=2))
        return
    for address in addresses:
        click.echo(f"  + {address}")
    for u in result.undetermined:
        click.echo(f"  ? {u.address}: {u.reason}")
    for note in notes:
        click.echo(f"  note: {note}")
    suffix = "" if result.complete else f" ({len(result.undetermined)} more whose number of instances is not known)"
    click.echo(f"\nPlan: {result.to_add} to add.{suffix}")
