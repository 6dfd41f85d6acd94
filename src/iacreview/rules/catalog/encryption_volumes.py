"""Encryption of EBS volumes: standalone volumes and those created by instances, launch templates and configurations.

An EBS volume is encrypted when its own flag says so, when it is restored from
an encrypted snapshot, or when the account has EBS encryption by default
switched on in the region. The last is an account setting that Terraform can
manage (`aws_ebs_encryption_by_default`); when the configuration turns it on,
every volume it creates is encrypted and these rules stay silent.

Volumes that an instance or launch template creates without a block for them
(most often the root volume) take the AMI's mapping, which for public AMIs is
unencrypted; that is reported on the resource itself. A standalone data volume
is high severity; volumes created with instances are medium, because they hold
mostly the operating system and application, and reviewers treat them as a
standard to enforce rather than an exposed data store.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.eval.values import UNKNOWN
from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.encryption_support import given, tf_doc, unset
from iacreview.rules.context import BlockView, ResourceView, RuleContext
from iacreview.rules.table import AttributeCheck, equals

EBS_DOC = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"
EBS_DEFAULT_DOC = "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"


def account_encrypts_ebs_by_default(ctx: RuleContext) -> bool:
    """Whether the configuration turns on EBS encryption by default (its `enabled` defaults to true)."""
    return any(view.py("enabled", True) is not False for view in ctx.of_type("aws_ebs_encryption_by_default"))


def _is_true(value: object) -> bool:
    # launch templates type `encrypted` as a string ("true"/"false"); elsewhere it is a bool
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _unencrypted_volume(block: BlockView) -> tuple[bool, N.Node, str]:
    """(is it unencrypted?, where to point, the value as shown) for one device block."""
    value = block.py("encrypted")
    if value is UNKNOWN or _is_true(value):
        return False, block.block, ""
    if value is None and block.py("snapshot_id") is not None:
        return False, block.block, ""  # a volume restored from a snapshot inherits its encryption
    attr = block.attr("encrypted")
    shown = "unset" if value is None else str(value).lower()
    return True, attr if attr is not None else block.block, shown


VOLUME_IMPACT = Impact(
    cost="None: EBS encryption has no charge with the AWS managed key",
    security="The volume, its snapshots and any AMI made from it are unencrypted",
    performance="None measurable on current instance types",
)

EBS_VOLUME = RuleMeta(
    id="SEC029",
    name="ebs-volume-unencrypted",
    severity="high",
    category="security",
    summary="EBS volume is not encrypted",
    rationale="aws_ebs_volume is unencrypted unless encrypted = true, the volume comes from an encrypted snapshot, "
    "or the account encrypts new volumes by default. A standalone volume exists to hold data; unencrypted, that "
    "data and every snapshot taken of it can be read by anyone who gets a copy, and encryption cannot be turned "
    "on for an existing volume.",
    fix="Set encrypted = true (kms_key_id optional), or manage aws_ebs_encryption_by_default { enabled = true } for "
    "the account and region.",
    bad='resource "aws_ebs_volume" "data" {\n  availability_zone = "us-east-1a"\n  size              = 100\n}\n',
    good='resource "aws_ebs_volume" "data" {\n  availability_zone = "us-east-1a"\n  size              = 100\n'
    "  encrypted         = true\n}\n",
    references=(EBS_DOC, EBS_DEFAULT_DOC, tf_doc("ebs_volume#encrypted-1")),
    impact=VOLUME_IMPACT,
    training_value="Teaches the model to encrypt block storage that holds data.",
    resource_types=("aws_ebs_volume",),
)


def _ebs_volume_decides(view: ResourceView) -> bool:
    if account_encrypts_ebs_by_default(view.ctx):
        return False
    return not (unset(view, "encrypted") and given(view, "snapshot_id"))


EBS_VOLUME_CHECK = AttributeCheck(
    EBS_VOLUME, "encrypted", equals(True),
    "{address}: encrypted is {value}; the volume and its snapshots are stored unencrypted",
    applies=_ebs_volume_decides,
)

INSTANCE_VOLUMES = RuleMeta(
    id="SEC030",
    name="ec2-instance-volume-unencrypted",
    severity="medium",
    category="security",
    summary="EC2 instance root or EBS volume is not encrypted",
    rationale="root_block_device and ebs_block_device default to encrypted = false, and an instance without a "
    "root_block_device block gets its root volume from the AMI, which for public AMIs is unencrypted. The "
    "volumes, and every snapshot or AMI later taken from the instance, then hold the operating system, "
    "application files and any local data in the clear.",
    fix="Add root_block_device { encrypted = true } (and encrypted = true on every ebs_block_device), or manage "
    "aws_ebs_encryption_by_default { enabled = true } so every new volume in the region is encrypted.",
    bad='resource "aws_instance" "app" {\n  ami           = data.aws_ami.al2023.id\n  instance_type = "t3.micro"\n}\n',
    good='resource "aws_instance" "app" {\n  ami           = data.aws_ami.al2023.id\n  instance_type = "t3.micro"\n\n'
    '  root_block_device {\n    volume_type = "gp3"\n    encrypted   = true\n  }\n}\n',
    references=(EBS_DOC, EBS_DEFAULT_DOC, tf_doc("instance#ebs-ephemeral-and-root-block-devices")),
    impact=VOLUME_IMPACT,
    training_value="Teaches the model that instance volumes are unencrypted unless the configuration says so.",
    resource_types=("aws_instance",),
)


def _instance_volumes(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    if account_encrypts_ebs_by_default(ctx):
        return
    for view in ctx.of_type("aws_instance"):
        roots = view.blocks("root_block_device")
        if not roots and not view.blocks("launch_template"):
            yield finding(meta, view.block, f"{view.address} has no root_block_device; its root volume takes the "
                          "AMI's settings, which are unencrypted for public AMIs", address=view.address)
        for kind, blocks in (("root_block_device", roots), ("ebs_block_device", view.blocks("ebs_block_device"))):
            for block in blocks:
                bad, node, shown = _unencrypted_volume(block)
                if bad:
                    yield finding(meta, node, f"{view.address}: {kind}.encrypted is {shown}; the volume is stored "
                                  "unencrypted", address=view.address)


LAUNCH_TEMPLATE = RuleMeta(
    id="SEC031",
    name="launch-template-volume-unencrypted",
    severity="medium",
    category="security",
    summary="Launch template creates unencrypted EBS volumes",
    rationale="Every instance an Auto Scaling group, EKS node group or fleet launches from the template gets the "
    "template's volumes. An ebs block without encrypted = true, or a template with no block_device_mappings at "
    "all (the root volume then follows the AMI, unencrypted for public AMIs), multiplies unencrypted volumes "
    "across the whole fleet.",
    fix='Add block_device_mappings { device_name = "/dev/xvda" ebs { encrypted = true } } for the root device '
    "(and encrypted = true on every other ebs block), or manage aws_ebs_encryption_by_default.",
    bad='resource "aws_launch_template" "web" {\n  image_id      = data.aws_ami.al2023.id\n  instance_type = "t3.micro"\n}\n',
    good='resource "aws_launch_template" "web" {\n  image_id      = data.aws_ami.al2023.id\n  instance_type = "t3.micro"\n\n'
    '  block_device_mappings {\n    device_name = "/dev/xvda"\n\n    ebs {\n      volume_size = 20\n'
    "      encrypted   = true\n    }\n  }\n}\n",
    references=(EBS_DOC, EBS_DEFAULT_DOC, tf_doc("launch_template#ebs")),
    impact=VOLUME_IMPACT,
    training_value="Teaches the model to encrypt volumes at the template level so every launched instance inherits it.",
    resource_types=("aws_launch_template",),
)


def _launch_template_volumes(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    if account_encrypts_ebs_by_default(ctx):
        return
    for view in ctx.of_type("aws_launch_template"):
        mappings = view.blocks("block_device_mappings")
        if not mappings:
            yield finding(meta, view.block, f"{view.address} has no block_device_mappings; the root volume of every "
                          "instance takes the AMI's settings, which are unencrypted for public AMIs", address=view.address)
        for mapping in mappings:
            for ebs in mapping.blocks("ebs"):
                bad, node, shown = _unencrypted_volume(ebs)
                if bad:
                    device = mapping.py("device_name")
                    where = f" for {device}" if isinstance(device, str) else ""
                    yield finding(meta, node, f"{view.address}: ebs.encrypted{where} is {shown}; every launched "
                                  "instance gets an unencrypted volume", address=view.address)


LAUNCH_CONFIGURATION = RuleMeta(
    id="SEC032",
    name="launch-configuration-volume-unencrypted",
    severity="medium",
    category="security",
    summary="Launch configuration creates unencrypted EBS volumes",
    rationale="Launch configurations default root_block_device and ebs_block_device to unencrypted, and without a "
    "root_block_device the root volume follows the AMI. Every instance the Auto Scaling group starts then has "
    "unencrypted volumes. (Launch configurations are also deprecated in favour of launch templates.)",
    fix="Set encrypted = true in root_block_device and every ebs_block_device, or better, move to an "
    "aws_launch_template with encrypted volumes.",
    bad='resource "aws_launch_configuration" "web" {\n  image_id      = data.aws_ami.al2023.id\n  instance_type = "t3.micro"\n}\n',
    good='resource "aws_launch_configuration" "web" {\n  image_id      = data.aws_ami.al2023.id\n  instance_type = "t3.micro"\n\n'
    "  root_block_device {\n    encrypted = true\n  }\n}\n",
    references=(EBS_DOC, EBS_DEFAULT_DOC, tf_doc("launch_configuration#block-devices")),
    impact=VOLUME_IMPACT,
    training_value="Teaches the model to encrypt Auto Scaling volumes (and to prefer launch templates).",
    resource_types=("aws_launch_configuration",),
)


def _launch_configuration_volumes(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    if account_encrypts_ebs_by_default(ctx):
        return
    for view in ctx.of_type("aws_launch_configuration"):
        roots = view.blocks("root_block_device")
        if not roots:
            yield finding(meta, view.block, f"{view.address} has no root_block_device; the root volume takes the "
                          "AMI's settings, which are unencrypted for public AMIs", address=view.address)
        for kind, blocks in (("root_block_device", roots), ("ebs_block_device", view.blocks("ebs_block_device"))):
            for block in blocks:
                bad, node, shown = _unencrypted_volume(block)
                if bad:
                    yield finding(meta, node, f"{view.address}: {kind}.encrypted is {shown}; every launched instance "
                                  "gets an unencrypted volume", address=view.address)


RULES: list[Rule] = [
    EBS_VOLUME_CHECK.rule(),
    Rule(INSTANCE_VOLUMES, _instance_volumes),
    Rule(LAUNCH_TEMPLATE, _launch_template_volumes),
    Rule(LAUNCH_CONFIGURATION, _launch_configuration_volumes),
]
