"""IP network functions: cidrhost, cidrnetmask, cidrsubnet, cidrsubnets.

IPv4 and IPv6 are both supported.  As in Terraform, host bits set in the
given prefix are ignored (``10.1.2.3/16`` means ``10.1.0.0/16``), and IPv4
results are written in dotted-quad form.
"""

from __future__ import annotations

import ipaddress

from iacreview.eval.functions.common import check_length, fn, int_arg, param
from iacreview.eval.functions.registry import CallContext, FunctionError, FunctionSpec, arg_error
from iacreview.eval.types import NUMBER, STRING, ListType
from iacreview.eval.values import Value, list_val, string_val

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_prefix(text: str, index: int = 0) -> Network:
    """An address prefix in CIDR notation (host bits are masked off)."""
    if "/" not in text:
        raise arg_error(index, f'invalid CIDR expression: invalid CIDR address: {text}')
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise arg_error(index, f"invalid CIDR expression: invalid CIDR address: {text}") from None


def host(net: Network, hostnum: int) -> str:
    """The address numbered ``hostnum`` (negative: from the end) in ``net``."""
    size = net.num_addresses
    offset = hostnum + size if hostnum < 0 else hostnum
    if offset < 0 or offset >= size:
        raise FunctionError(f"prefix of {net.prefixlen} does not accommodate a host numbered {hostnum}")
    base = int(net.network_address)
    if net.version == 6:
        return str(ipaddress.IPv6Address(base + offset))
    return str(ipaddress.IPv4Address(base + offset))


def subnet(net: Network, newbits: int, netnum: int) -> Network:
    """The ``netnum``-th subnet of ``net`` with ``newbits`` more prefix bits."""
    new_len = net.prefixlen + newbits
    if newbits < 0:
        raise FunctionError("newbits must be non-negative")
    if new_len > net.max_prefixlen:
        raise FunctionError(f"insufficient address space to extend prefix of {net.prefixlen} by {newbits}")
    if netnum < 0 or netnum >= (1 << newbits):
        raise FunctionError(f"prefix extension of {newbits} does not accommodate a subnet numbered {netnum}")
    step = 1 << (net.max_prefixlen - new_len)
    start = int(net.network_address) + netnum * step
    return ipaddress.ip_network((start, new_len)) if net.version == 6 else ipaddress.IPv4Network((start, new_len))


def _cidrhost(ctx: CallContext, args: list[Value]) -> Value:
    net = parse_prefix(args[0].payload)
    hostnum = int_arg(args[1], 1, "hostnum")
    return string_val(host(net, hostnum))


def _cidrnetmask(ctx: CallContext, args: list[Value]) -> Value:
    net = parse_prefix(args[0].payload)
    if net.version != 4:
        raise arg_error(0, "only IPv4 networks are supported")
    return string_val(str(net.netmask))


def _cidrsubnet(ctx: CallContext, args: list[Value]) -> Value:
    net = parse_prefix(args[0].payload)
    newbits = int_arg(args[1], 1, "newbits")
    netnum = int_arg(args[2], 2, "netnum")
    return string_val(str(subnet(net, newbits, netnum)))


def _cidrsubnets(ctx: CallContext, args: list[Value]) -> Value:
    net = parse_prefix(args[0].payload)
    newbits_list = [int_arg(a, i + 1, "newbits") for i, a in enumerate(args[1:])]
    check_length(len(newbits_list))
    start = int(net.network_address)
    end = start + net.num_addresses - 1
    cursor = start  # first address not yet allocated
    out: list[Value] = []
    for i, newbits in enumerate(newbits_list):
        if newbits < 1:
            raise arg_error(i + 1, "must extend prefix by at least one bit")
        new_len = net.prefixlen + newbits
        if new_len > net.max_prefixlen:
            kind = "IPv4" if net.version == 4 else "IPv6"
            raise arg_error(i + 1, f"would extend prefix to {new_len} bits, which is too long for an {kind} address")
        size = 1 << (net.max_prefixlen - new_len)
        aligned = (cursor + size - 1) // size * size
        if aligned + size - 1 > end:
            raise arg_error(
                i + 1,
                f"not enough remaining address space for a subnet with a prefix of {new_len} bits after "
                f"{out[-1].payload if out else str(net)}",
            )
        sub = ipaddress.ip_network((aligned, new_len)) if net.version == 6 else ipaddress.IPv4Network((aligned, new_len))
        out.append(string_val(str(sub)))
        cursor = aligned + size
    return list_val(out, STRING)


def specs() -> list[FunctionSpec]:
    prefix = param("prefix", STRING)
    return [
        fn("cidrhost", [prefix, param("hostnum", NUMBER)], _cidrhost, STRING,
           doc="IP address of a given host number within a prefix."),
        fn("cidrnetmask", [prefix], _cidrnetmask, STRING, doc="Netmask of an IPv4 prefix in dotted-quad form."),
        fn("cidrsubnet", [prefix, param("newbits", NUMBER), param("netnum", NUMBER)], _cidrsubnet, STRING,
           doc="Subnet address within a prefix."),
        fn("cidrsubnets", [prefix], _cidrsubnets, ListType(STRING), variadic=param("newbits", NUMBER),
           doc="Consecutive subnets of the given sizes within a prefix."),
    ]
