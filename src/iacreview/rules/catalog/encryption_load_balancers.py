"""Load balancer listeners: plain HTTP next to HTTPS, HTTP-only load balancers, outdated TLS policies.

An HTTP listener is judged together with the other listeners of its load
balancer. When the load balancer also terminates HTTPS, port 80 should only
redirect, and a listener (or listener rule) that still forwards is high
(SEC033). When it has no HTTPS listener at all, the application is served only
in plain text; that is medium (SEC045) because the fix needs a domain and a
certificate the task may not provide, and this dataset's tasks often cannot
validate one. Leaving `protocol` out on an Application Load Balancer means
HTTP; a listener whose load balancer is a Network or Gateway Load Balancer is
not HTTP unless it says so.

HTTPS and TLS listeners without `ssl_policy` get ELBSecurityPolicy-2016-08
(TLS 1.0+) when created through the API, so leaving it out is reported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacreview.eval.values import UNKNOWN
from iacreview.rules.base import Finding, Rule, RuleMeta, finding
from iacreview.rules.catalog.encryption_support import OLD_TLS_IMPACT, PLAINTEXT_IMPACT, tf_doc
from iacreview.rules.context import BlockView, ResourceView, RuleContext, references

LISTENERS = ("aws_lb_listener", "aws_alb_listener")
LOAD_BALANCERS = ("aws_lb", "aws_alb")
ALB_LISTENER_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html"
ALB_POLICY_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"
NLB_POLICY_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html"


def _load_balancer_of(ctx: RuleContext, listener: ResourceView) -> ResourceView | None:
    """The aws_lb the listener's load_balancer_arn refers to, when it is in the same module."""
    attr = listener.attr("load_balancer_arn")
    if attr is None:
        return None
    for lb in ctx.of_type(*LOAD_BALANCERS):
        if lb.instance.scope is listener.instance.scope and references(attr, lb.ref):
            return lb
    return None


def listener_protocol(ctx: RuleContext, listener: ResourceView) -> object:
    """The listener's protocol in upper case; HTTP when unset on an application load balancer (the default)."""
    protocol = listener.py("protocol")
    if protocol is None:
        lb = _load_balancer_of(ctx, listener)
        lb_type = lb.py("load_balancer_type", "application") if lb is not None else "application"
        return "HTTP" if lb_type == "application" else None
    return protocol.upper() if isinstance(protocol, str) else protocol


def _load_balancer_key(ctx: RuleContext, listener: ResourceView) -> str:
    """Which load balancer a listener belongs to, as a key that groups the listeners of one load balancer.

    When the load balancer has several instances (count/for_each) and the
    listener is one per instance, the listener's own key tells them apart.
    """
    module = listener.instance.module_address
    key = listener.instance.key
    lb = _load_balancer_of(ctx, listener)
    if lb is not None:
        siblings = [v for v in ctx.of_type(lb.type) if v.instance.scope is lb.instance.scope and v.ref == lb.ref]
        per_instance = len(siblings) > 1 and key is not None
        return f"{module}:{lb.ref}" + (f"[{key!r}]" if per_instance else "")
    attr = listener.attr("load_balancer_arn")
    if attr is None:
        return f"{module}:{listener.address}"
    text = attr.expr.text()
    per_instance = key is not None and ("each." in text or "count." in text)
    return f"{module}:{text}" + (f"[{key!r}]" if per_instance else "")


def _load_balancers_with_protocol(ctx: RuleContext, *protocols: object) -> set[str]:
    """Load balancers (by `_load_balancer_key`) with a listener using one of `protocols`."""
    return {
        _load_balancer_key(ctx, listener)
        for listener in ctx.of_type(*LISTENERS)
        if listener_protocol(ctx, listener) in protocols
    }


def _plain_http_action(action: BlockView) -> str | None:
    """How an action on an HTTP listener exposes traffic: "forward", "redirect" (not to HTTPS), or None."""
    kind = action.py("type")
    if kind == "forward":
        return "forward"
    if kind == "redirect":
        for redirect in action.blocks("redirect"):
            protocol = redirect.py("protocol", "#{protocol}")
            if protocol is UNKNOWN or (isinstance(protocol, str) and protocol.upper() == "HTTPS"):
                return None
            return "redirect"
    return None


def _exposing_actions(ctx: RuleContext, listener: ResourceView) -> Iterator[tuple[ResourceView, BlockView, str]]:
    """(owner, action, how) for each action that serves an HTTP listener's traffic unencrypted.

    Listener rules are looked at only when the default action itself is safe (a
    redirect or a fixed response): otherwise the listener is reported once.
    """
    defaults = [(listener, a, _plain_http_action(a)) for a in listener.blocks("default_action")]
    exposed = [(owner, a, how) for owner, a, how in defaults if how]
    if exposed:
        yield from exposed
        return
    for rule in ctx.linked(listener, "aws_lb_listener_rule", "aws_alb_listener_rule"):
        for action in rule.blocks("action"):
            how = _plain_http_action(action)
            if how:
                yield rule, action, how


def _http_listeners(ctx: RuleContext) -> Iterator[ResourceView]:
    for listener in ctx.of_type(*LISTENERS):
        if listener_protocol(ctx, listener) == "HTTP":
            yield listener


HTTP_LISTENER = RuleMeta(
    id="SEC033",
    name="lb-http-listener-not-redirecting",
    severity="high",
    category="security",
    summary="HTTP listener serves traffic instead of redirecting to HTTPS",
    rationale="The load balancer already terminates HTTPS, but its HTTP listener (or one of that listener's rules) "
    "still forwards requests to the targets, or redirects without switching to HTTPS. Anyone who reaches the site "
    "through an http:// link or the bare domain uses the unencrypted path, where logins, cookies and API tokens "
    "can be read and altered. Port 80 should only answer with a permanent redirect to HTTPS. (Leaving protocol "
    "out on an Application Load Balancer means HTTP.)",
    fix='Make the HTTP listener\'s default_action a redirect { port = "443", protocol = "HTTPS", status_code = '
    '"HTTP_301" } and attach the forwarding rules to the HTTPS listener.',
    bad='resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 443\n'
    '  protocol          = "HTTPS"\n  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n'
    "  certificate_arn   = aws_acm_certificate.web.arn\n\n  default_action {\n    type             = \"forward\"\n"
    "    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n\n"
    'resource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 80\n'
    '  protocol          = "HTTP"\n\n  default_action {\n    type             = "forward"\n'
    "    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n",
    good='resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 443\n'
    '  protocol          = "HTTPS"\n  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n'
    "  certificate_arn   = aws_acm_certificate.web.arn\n\n  default_action {\n    type             = \"forward\"\n"
    "    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n\n"
    'resource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 80\n'
    '  protocol          = "HTTP"\n\n  default_action {\n    type = "redirect"\n\n    redirect {\n'
    '      port        = "443"\n      protocol    = "HTTPS"\n      status_code = "HTTP_301"\n    }\n  }\n}\n',
    references=(ALB_LISTENER_DOC, tf_doc("lb_listener#redirect-action")),
    impact=PLAINTEXT_IMPACT,
    training_value="Teaches the model the HTTP-to-HTTPS redirect pattern next to every HTTPS listener.",
    resource_types=LISTENERS,
)


def _not_redirecting(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    with_tls = _load_balancers_with_protocol(ctx, "HTTPS", "TLS")
    for listener in _http_listeners(ctx):
        has_tls = _load_balancer_key(ctx, listener) in with_tls
        for owner, action, how in _exposing_actions(ctx, listener):
            if how == "redirect":
                message = "redirects without switching the protocol to HTTPS"
            elif has_tls:
                message = "forwards plain HTTP although the load balancer has an HTTPS listener to redirect to"
            else:
                continue  # no HTTPS listener (or one that cannot be known): SEC045's business
            where = "default action" if owner is listener else f"rule on HTTP listener {listener.address}"
            yield finding(meta, action.block, f"{owner.address}: {where} {message}", address=owner.address)


HTTP_ONLY_LB = RuleMeta(
    id="SEC045",
    name="lb-serves-only-plain-http",
    severity="medium",
    category="security",
    summary="Load balancer serves the application only over plain HTTP",
    rationale="The load balancer has no HTTPS (or TLS) listener; its HTTP listener forwards requests straight to "
    "the targets, so every request and response, including credentials and session cookies, crosses the network "
    "unencrypted. This is medium rather than high because fixing it needs a domain and a certificate that a task "
    "may not provide (test accounts often cannot validate ACM certificates); once an HTTPS listener exists, an "
    "HTTP listener that still forwards is reported as SEC033 (high).",
    fix="Add an HTTPS listener with an ACM certificate and ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\", "
    "and turn the HTTP listener into a redirect to it. If no domain is available, say so in the answer and make "
    "the HTTPS part switchable (a certificate ARN variable) rather than silently shipping HTTP only.",
    bad='resource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 80\n'
    '  protocol          = "HTTP"\n\n  default_action {\n    type             = "forward"\n'
    "    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n",
    good='resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 443\n'
    '  protocol          = "HTTPS"\n  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n'
    "  certificate_arn   = var.certificate_arn\n\n  default_action {\n    type             = \"forward\"\n"
    "    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n\n"
    'resource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 80\n'
    '  protocol          = "HTTP"\n\n  default_action {\n    type = "redirect"\n\n    redirect {\n'
    '      port        = "443"\n      protocol    = "HTTPS"\n      status_code = "HTTP_301"\n    }\n  }\n}\n',
    references=(
        ALB_LISTENER_DOC,
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
        tf_doc("lb_listener"),
    ),
    impact=PLAINTEXT_IMPACT,
    training_value="Teaches the model that a web entry point needs TLS, and to be explicit when a task cannot have it.",
    resource_types=LISTENERS,
)


def _http_only(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    maybe_tls = _load_balancers_with_protocol(ctx, "HTTPS", "TLS", UNKNOWN)
    for listener in _http_listeners(ctx):
        if _load_balancer_key(ctx, listener) in maybe_tls:
            continue
        for owner, action, how in _exposing_actions(ctx, listener):
            if how == "forward":
                where = "default action" if owner is listener else f"rule on HTTP listener {listener.address}"
                yield finding(meta, action.block, f"{owner.address}: {where} forwards plain HTTP and the load "
                              "balancer has no HTTPS listener", address=owner.address)


_MODERN_ELB_POLICY = re.compile(r"^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)")

LISTENER_TLS = RuleMeta(
    id="SEC034",
    name="lb-listener-outdated-tls-policy",
    severity="medium",
    category="security",
    summary="HTTPS/TLS listener allows TLS 1.0 or 1.1",
    rationale="The listener's ssl_policy decides which protocol versions and ciphers clients may use. When it is "
    "left out, the API applies ELBSecurityPolicy-2016-08, which still accepts TLS 1.0 and 1.1 and CBC ciphers; so "
    "do the other pre-2017 policies and the TLS13-1-0 / TLS13-1-1 variants. Current guidance (and PCI DSS) asks "
    "for TLS 1.2 or later. Accepted here: ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-* and -FS-1-2-*.",
    fix='Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or a newer TLS13-1-2 / TLS13-1-3 policy).',
    bad='resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 443\n'
    '  protocol          = "HTTPS"\n  certificate_arn   = aws_acm_certificate.web.arn\n\n  default_action {\n'
    '    type             = "forward"\n    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n',
    good='resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 443\n'
    '  protocol          = "HTTPS"\n  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n'
    '  certificate_arn   = aws_acm_certificate.web.arn\n\n  default_action {\n    type             = "forward"\n'
    "    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n",
    references=(ALB_POLICY_DOC, NLB_POLICY_DOC, tf_doc("lb_listener#ssl_policy-1")),
    impact=OLD_TLS_IMPACT,
    training_value="Teaches the model to pin a current TLS policy instead of relying on the API's legacy default.",
    resource_types=LISTENERS,
)


def _listener_tls(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for listener in ctx.of_type(*LISTENERS):
        if listener_protocol(ctx, listener) not in ("HTTPS", "TLS"):
            continue
        policy = listener.py("ssl_policy")
        if policy is UNKNOWN:
            continue
        if policy is None:
            yield finding(meta, listener.node("protocol"), f"{listener.address}: ssl_policy is unset, so AWS applies "
                          "ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1", address=listener.address)
        elif not (isinstance(policy, str) and _MODERN_ELB_POLICY.match(policy)):
            yield finding(meta, listener.node("ssl_policy"), f'{listener.address}: ssl_policy "{policy}" accepts '
                          "protocol versions older than TLS 1.2", address=listener.address)


RULES: list[Rule] = [
    Rule(HTTP_LISTENER, _not_redirecting),
    Rule(HTTP_ONLY_LB, _http_only),
    Rule(LISTENER_TLS, _listener_tls),
]
