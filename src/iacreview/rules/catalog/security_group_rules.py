"""Every security group permission of a configuration, in one shape, wherever it was written.

A permission can be an inline `ingress`/`egress` block of `aws_security_group`
or `aws_default_security_group` (static, `dynamic`, or the attribute-list form
`ingress = [{ ... }]`), an `aws_security_group_rule`, or an
`aws_vpc_security_group_ingress_rule` / `..._egress_rule`. Rules about open
ports and descriptions read `Permission`s and never care which form was used.
Values are evaluated per instance, so CIDRs and ports from variables, tfvars,
locals and for_each are what get checked; unknown values are left out.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from iacreview.eval.values import UNKNOWN, Value
from iacreview.hcl import nodes as N
from iacreview.rules.catalog.network_facts import as_int, known_strings, module_of, refs_to
from iacreview.rules.context import ResourceView, RuleContext, to_py

GROUP_TYPES = ("aws_security_group", "aws_default_security_group")
LEGACY_RULE = "aws_security_group_rule"
VPC_INGRESS_RULE = "aws_vpc_security_group_ingress_rule"
VPC_EGRESS_RULE = "aws_vpc_security_group_egress_rule"
ALL_TYPES = (*GROUP_TYPES, LEGACY_RULE, VPC_INGRESS_RULE, VPC_EGRESS_RULE)

ALL = "all"
_PROTOCOL_NAMES = {"-1": ALL, "all": ALL, "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}


@dataclass(frozen=True)
class Cidr:
    """A known source/destination range and the argument it was written in."""

    value: str
    node: N.Node

    @property
    def is_anywhere(self) -> bool:
        """0.0.0.0/0, ::/0 or any other prefix of length 0."""
        try:
            return ipaddress.ip_network(self.value.strip(), strict=False).prefixlen == 0
        except ValueError:
            return False


@dataclass
class Permission:
    """One ingress or egress permission of one resource instance."""

    owner: ResourceView
    direction: str  # "ingress" | "egress"
    node: N.Node  # the block or resource that declares it
    group: str  # address of the security group it belongs to (for grouping findings)
    protocol: str | None  # normalised: all, tcp, udp, icmp, icmpv6, or a protocol number; None = unknown
    from_port: int | None
    to_port: int | None
    description: Any  # plain value, None when unset, UNKNOWN when not known
    cidrs: list[Cidr] = field(default_factory=list)

    @property
    def open_cidrs(self) -> list[Cidr]:
        return [c for c in self.cidrs if c.is_anywhere]

    @property
    def all_ports(self) -> bool:
        """Every port (and with protocol all, every protocol) is allowed."""
        if self.protocol == ALL:
            return True
        span = self.port_span
        return span is not None and span[0] <= 1 and span[1] >= 65535

    @property
    def port_span(self) -> tuple[int, int] | None:
        """The TCP/UDP port range; None for other protocols or unknown ports."""
        if self.protocol == ALL:
            return (0, 65535)
        if self.protocol in ("tcp", "udp") and self.from_port is not None and self.to_port is not None:
            return (self.from_port, self.to_port)
        return None

    def opens(self, port: int, protocols: tuple[str, ...] = ("tcp",)) -> bool:
        """Whether this permission lets `port` through for one of `protocols`."""
        span = self.port_span
        return self.protocol in protocols and span is not None and span[0] <= port <= span[1]

    @property
    def has_description(self) -> bool | None:
        if self.description is UNKNOWN:
            return None
        return isinstance(self.description, str) and self.description.strip() != ""


def normalise_protocol(raw: Any) -> str | None:
    if raw is UNKNOWN or raw is None:
        return None
    text = str(raw).strip().lower()
    return _PROTOCOL_NAMES.get(text, text)


class _Fields(Protocol):
    def value(self, name: str) -> Value | None: ...
    def attr(self, name: str) -> N.Attribute | None: ...


@dataclass
class _ObjectFields:
    """An element of the attribute-list form `ingress = [{ ... }]`, read like a block."""

    obj: Value
    node: N.Attribute

    def value(self, name: str) -> Value | None:
        if not isinstance(self.obj.payload, dict):
            return None
        return self.obj.payload.get(name)

    def attr(self, name: str) -> N.Attribute | None:
        return self.node if name in (self.obj.payload or {}) else None


def _cidrs(fields: _Fields, *names: str) -> list[Cidr]:
    found = []
    for name in names:
        node = fields.attr(name)
        if node is None:
            continue
        found.extend(Cidr(v, node) for v in known_strings(fields.value(name)))
    return found


def _permission(owner: ResourceView, direction: str, node: N.Node, group: str, fields: _Fields,
                protocol_arg: str, cidr_args: tuple[str, ...]) -> Permission:
    return Permission(
        owner=owner,
        direction=direction,
        node=node,
        group=group,
        protocol=normalise_protocol(to_py(fields.value(protocol_arg), None)),
        from_port=as_int(to_py(fields.value("from_port"), None)),
        to_port=as_int(to_py(fields.value("to_port"), None)),
        description=to_py(fields.value("description"), None),
        cidrs=_cidrs(fields, *cidr_args),
    )


_INLINE_CIDRS = ("cidr_blocks", "ipv6_cidr_blocks")


def _inline(view: ResourceView, direction: str) -> Iterator[Permission]:
    for block in view.blocks(direction):
        yield _permission(view, direction, block.block, view.address, block, "protocol", _INLINE_CIDRS)
    attr = view.attr(direction)
    listed = view.value(direction)
    if attr is None or listed is None or listed.is_null or not listed.is_known or not isinstance(listed.payload, tuple):
        return
    for element in listed.payload:
        if element.is_known and isinstance(element.payload, dict):
            yield _permission(view, direction, attr, view.address, _ObjectFields(element, attr), "protocol", _INLINE_CIDRS)


def _target_group(view: ResourceView) -> str:
    """The aws_security_group a separate rule belongs to, else the rule itself."""
    attr = view.attr("security_group_id")
    refs = refs_to(module_of(view), attr.expr if attr is not None else None, "aws_security_group")
    names = {r.name for r in refs}
    if len(names) == 1:
        prefix = f"{view.instance.scope.address}." if view.instance.scope.address else ""
        return f"{prefix}aws_security_group.{names.pop()}"
    return view.address


def permissions(ctx: RuleContext, direction: str | None = None) -> Iterator[Permission]:
    """Every permission of the configuration (optionally only "ingress" or "egress")."""
    directions = (direction,) if direction else ("ingress", "egress")
    for d in directions:
        for view in ctx.of_type(*GROUP_TYPES):
            yield from _inline(view, d)
    for view in ctx.of_type(LEGACY_RULE):
        kind = view.py("type")
        if isinstance(kind, str) and kind in directions:
            yield _permission(view, kind, view.block, _target_group(view), view, "protocol", _INLINE_CIDRS)
    for rtype, kind in ((VPC_INGRESS_RULE, "ingress"), (VPC_EGRESS_RULE, "egress")):
        if kind not in directions:
            continue
        for view in ctx.of_type(rtype):
            yield _permission(view, kind, view.block, _target_group(view), view, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"))
