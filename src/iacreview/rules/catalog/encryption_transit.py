"""Encryption in transit: plain-HTTP entry points, outdated TLS policies, unencrypted service traffic.

Two kinds of problems live here. Entry points that accept plain HTTP next to
HTTPS (an HTTP listener that forwards although the load balancer terminates
HTTPS, a CloudFront behaviour that allows HTTP, a search domain without
enforced HTTPS) let anyone on the path read and change traffic, so they are
high. A load balancer with no HTTPS listener at all is medium: the fix needs a
domain and certificate that the task may not have, and the dataset's tasks
often cannot validate one. Settings that encrypt but accept old protocol
versions (TLS 1.0/1.1 security policies), or leave traffic between AWS
services unencrypted inside a VPC, are medium too.

AWS defaults matter: an HTTPS listener without `ssl_policy` gets
ELBSecurityPolicy-2016-08 (TLS 1.0+) when created through the API, and a
CloudFront certificate without `minimum_protocol_version` gets TLSv1, so
leaving these out is reported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacreview.eval.values import UNKNOWN
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.encryption_support import given, tf_doc
from iacreview.rules.context import BlockView, ResourceView, RuleContext, references
from iacreview.rules.table import AttributeCheck, Expect, equals, not_equals

LISTENERS = ("aws_lb_listener", "aws_alb_listener")
LOAD_BALANCERS = ("aws_lb", "aws_alb")
ALB_LISTENER_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html"
ALB_POLICY_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"
NLB_POLICY_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html"
CLOUDFRONT_HTTPS_DOC = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html"

PLAINTEXT_IMPACT = Impact(
    cost="None: ACM public certificates are free",
    security="Credentials, session cookies and data cross the network readable and modifiable by anyone on the path",
    performance="TLS adds a handshake per connection; negligible with keep-alive and TLS 1.3",
)
OLD_TLS_IMPACT = Impact(
    cost="None",
    security="Clients can negotiate TLS 1.0/1.1 and weak ciphers, open to downgrade and known protocol attacks",
    performance="None",
)


# --- load balancer listeners ------------------------------------------------------------------------

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
    """Groups the listeners of one load balancer (all instances of a counted aws_lb count as one)."""
    lb = _load_balancer_of(ctx, listener)
    if lb is not None:
        return lb.ref
    attr = listener.attr("load_balancer_arn")
    return attr.expr.text() if attr is not None else listener.address


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
    bad='resource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 80\n'
    '  protocol          = "HTTP"\n\n  default_action {\n    type             = "forward"\n'
    "    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n",
    good='resource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 80\n'
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


# --- CloudFront ------------------------------------------------------------------------------------

CLOUDFRONT_HTTP = RuleMeta(
    id="SEC035",
    name="cloudfront-viewer-allows-http",
    severity="high",
    category="security",
    summary="CloudFront cache behaviour accepts plain HTTP from viewers",
    rationale='viewer_protocol_policy = "allow-all" serves the same content over HTTP and HTTPS, so a viewer who '
    "types the bare domain or follows an http:// link gets an unencrypted page that anyone on the network can "
    "read or rewrite (injecting scripts into otherwise static sites is a classic). Every behaviour that "
    "matches a path is an entry point, so ordered_cache_behavior blocks count as much as the default one.",
    fix='Use viewer_protocol_policy = "redirect-to-https" (or "https-only" for APIs) in default_cache_behavior and '
    "every ordered_cache_behavior.",
    bad='resource "aws_cloudfront_distribution" "site" {\n  # ...\n  default_cache_behavior {\n'
    '    target_origin_id       = "s3-site"\n    viewer_protocol_policy = "allow-all"\n'
    '    allowed_methods        = ["GET", "HEAD"]\n    cached_methods         = ["GET", "HEAD"]\n  }\n}\n',
    good='resource "aws_cloudfront_distribution" "site" {\n  # ...\n  default_cache_behavior {\n'
    '    target_origin_id       = "s3-site"\n    viewer_protocol_policy = "redirect-to-https"\n'
    '    allowed_methods        = ["GET", "HEAD"]\n    cached_methods         = ["GET", "HEAD"]\n  }\n}\n',
    references=(CLOUDFRONT_HTTPS_DOC, tf_doc("cloudfront_distribution#viewer_protocol_policy-1")),
    impact=PLAINTEXT_IMPACT,
    training_value="Teaches the model to redirect viewers to HTTPS on every CloudFront behaviour.",
    resource_types=("aws_cloudfront_distribution",),
)

_VIEWER_POLICY_CHECKS = [
    AttributeCheck(
        CLOUDFRONT_HTTP, f"{behaviour}.viewer_protocol_policy", not_equals("allow-all"),
        "{address}: " + behaviour + '.viewer_protocol_policy is "allow-all"; viewers can use plain HTTP',
    )
    for behaviour in ("default_cache_behavior", "ordered_cache_behavior")
]


def _cloudfront_http(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for check in _VIEWER_POLICY_CHECKS:
        yield from check.run(ctx)


_MODERN_CLOUDFRONT_TLS = re.compile(r"^TLSv1\.[23]_")

CLOUDFRONT_TLS = RuleMeta(
    id="SEC036",
    name="cloudfront-outdated-tls-version",
    severity="medium",
    category="security",
    summary="CloudFront distribution with its own certificate accepts TLS older than 1.2",
    rationale="With a custom certificate (acm_certificate_arn or iam_certificate_id), minimum_protocol_version "
    "defaults to TLSv1, so viewers may negotiate TLS 1.0 or 1.1. The TLSv1.2_2021 policy (or newer) limits "
    "viewers to TLS 1.2+ with strong ciphers and is supported by every current browser. Distributions on the "
    "default *.cloudfront.net certificate cannot change this and are not reported.",
    fix='Set minimum_protocol_version = "TLSv1.2_2021" (with ssl_support_method = "sni-only") in viewer_certificate.',
    bad='  viewer_certificate {\n    acm_certificate_arn = aws_acm_certificate.site.arn\n'
    '    ssl_support_method  = "sni-only"\n  }\n',
    good='  viewer_certificate {\n    acm_certificate_arn      = aws_acm_certificate.site.arn\n'
    '    ssl_support_method       = "sni-only"\n    minimum_protocol_version = "TLSv1.2_2021"\n  }\n',
    references=(
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html",
        tf_doc("cloudfront_distribution#viewer-certificate-arguments"),
    ),
    impact=OLD_TLS_IMPACT,
    training_value="Teaches the model to set a modern minimum TLS version whenever it brings its own certificate.",
    resource_types=("aws_cloudfront_distribution",),
)


def _cloudfront_tls(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type("aws_cloudfront_distribution"):
        for cert in view.blocks("viewer_certificate"):
            if cert.py("cloudfront_default_certificate") in (True, UNKNOWN):
                continue
            if cert.py("acm_certificate_arn") is None and cert.py("iam_certificate_id") is None:
                continue
            version = cert.py("minimum_protocol_version")
            if version is UNKNOWN:
                continue
            if version is None:
                yield finding(meta, cert.block, f"{view.address}: minimum_protocol_version is unset and defaults to "
                              "TLSv1 for custom certificates", address=view.address)
            elif not (isinstance(version, str) and _MODERN_CLOUDFRONT_TLS.match(version)):
                yield finding(meta, cert.attr("minimum_protocol_version"), f'{view.address}: minimum_protocol_version '
                              f'"{version}" accepts protocol versions older than TLS 1.2', address=view.address)


CLOUDFRONT_ORIGIN = RuleMeta(
    id="SEC037",
    name="cloudfront-origin-plain-http",
    severity="medium",
    category="security",
    summary="CloudFront reaches a custom origin over plain HTTP",
    rationale='origin_protocol_policy = "http-only" (or "match-viewer" while viewers may use HTTP) sends every '
    "request from CloudFront to the origin unencrypted across the internet, even when viewers connect over "
    "HTTPS, and leaves the origin reachable by plain HTTP. S3 website endpoints only speak HTTP and are not "
    "reported; for them, prefer an S3 REST origin with origin access control.",
    fix='Give the origin a certificate and use origin_protocol_policy = "https-only" with origin_ssl_protocols = '
    '["TLSv1.2"].',
    bad='  origin {\n    domain_name = aws_lb.web.dns_name\n    origin_id   = "alb"\n\n    custom_origin_config {\n'
    '      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = "http-only"\n'
    '      origin_ssl_protocols   = ["TLSv1.2"]\n    }\n  }\n',
    good='  origin {\n    domain_name = "origin.example.com"\n    origin_id   = "alb"\n\n    custom_origin_config {\n'
    '      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = "https-only"\n'
    '      origin_ssl_protocols   = ["TLSv1.2"]\n    }\n  }\n',
    references=(
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html",
        tf_doc("cloudfront_distribution#custom-origin-config-arguments"),
    ),
    impact=Impact(
        cost="None",
        security="Traffic between CloudFront and the origin, including any cookies or tokens forwarded, is unencrypted",
        performance="None noticeable; CloudFront reuses origin connections",
    ),
    training_value="Teaches the model that HTTPS must hold end to end, not only between viewer and edge.",
    resource_types=("aws_cloudfront_distribution",),
)

_S3_WEBSITE = re.compile(r"website_endpoint|website_domain|s3-website")


def _viewers_may_use_http(view: ResourceView) -> bool:
    behaviours = view.blocks("default_cache_behavior") + view.blocks("ordered_cache_behavior")
    return any(b.py("viewer_protocol_policy") == "allow-all" for b in behaviours)


def _cloudfront_origin(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type("aws_cloudfront_distribution"):
        for origin in view.blocks("origin"):
            domain = origin.attr("domain_name")
            if domain is not None and _S3_WEBSITE.search(domain.expr.text()):
                continue
            domain_value = origin.py("domain_name")
            if isinstance(domain_value, str) and _S3_WEBSITE.search(domain_value):
                continue
            for custom in origin.blocks("custom_origin_config"):
                policy = custom.py("origin_protocol_policy")
                if policy == "http-only" or (policy == "match-viewer" and _viewers_may_use_http(view)):
                    origin_id = origin.py("origin_id")
                    name = f' "{origin_id}"' if isinstance(origin_id, str) else ""
                    yield finding(meta, custom.attr("origin_protocol_policy"), f"{view.address}: origin{name} uses "
                                  f'origin_protocol_policy "{policy}"; requests to it travel unencrypted',
                                  address=view.address)


# --- API Gateway ---------------------------------------------------------------------------------

API_GATEWAY_TLS = RuleMeta(
    id="SEC038",
    name="api-gateway-domain-tls-1-0",
    severity="medium",
    category="security",
    summary="API Gateway custom domain accepts TLS 1.0",
    rationale='security_policy = "TLS_1_0" lets clients connect to the custom domain with TLS 1.0 (and, for '
    "edge-optimised domains, 1.1), protocol versions deprecated by RFC 8996 and refused by compliance standards. "
    'TLS_1_2, or one of the newer "SecurityPolicy_*" enhanced policies, requires TLS 1.2 or later.',
    fix='Set security_policy = "TLS_1_2" on aws_api_gateway_domain_name.',
    bad='resource "aws_api_gateway_domain_name" "api" {\n  domain_name              = "api.example.com"\n'
    '  regional_certificate_arn = aws_acm_certificate.api.arn\n  security_policy          = "TLS_1_0"\n\n'
    '  endpoint_configuration {\n    types = ["REGIONAL"]\n  }\n}\n',
    good='resource "aws_api_gateway_domain_name" "api" {\n  domain_name              = "api.example.com"\n'
    '  regional_certificate_arn = aws_acm_certificate.api.arn\n  security_policy          = "TLS_1_2"\n\n'
    '  endpoint_configuration {\n    types = ["REGIONAL"]\n  }\n}\n',
    references=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html",
        tf_doc("api_gateway_domain_name#security_policy-1"),
    ),
    impact=OLD_TLS_IMPACT,
    training_value="Teaches the model to require TLS 1.2 on API custom domains.",
    resource_types=("aws_api_gateway_domain_name",),
)

# --- caches, search domains, database proxies, Kafka --------------------------------------------------

ELASTICACHE_TRANSIT = RuleMeta(
    id="SEC039",
    name="elasticache-transit-encryption-disabled",
    severity="medium",
    category="security",
    summary="ElastiCache traffic is not encrypted in transit",
    rationale="transit_encryption_enabled defaults to false, so commands, cached values and replication between "
    "nodes travel in clear text inside the VPC, and Redis AUTH tokens cannot be used at all (auth_token "
    "requires transit encryption). Anything that can capture VPC traffic, such as a compromised instance or a "
    "traffic mirror, sees the data.",
    fix="Set transit_encryption_enabled = true (and auth_token or RBAC user groups) and make clients connect with TLS.",
    bad='resource "aws_elasticache_replication_group" "cache" {\n  replication_group_id = "cache"\n'
    '  description          = "sessions"\n  node_type            = "cache.t4g.small"\n}\n',
    good='resource "aws_elasticache_replication_group" "cache" {\n  replication_group_id       = "cache"\n'
    '  description                = "sessions"\n  node_type                  = "cache.t4g.small"\n'
    "  transit_encryption_enabled = true\n  auth_token                 = var.redis_auth_token\n}\n",
    references=(
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
        tf_doc("elasticache_replication_group#transit_encryption_enabled-1"),
    ),
    impact=Impact(
        cost="None",
        security="Cache traffic and credentials are readable on the network",
        performance="Some CPU overhead for TLS; size nodes with headroom",
    ),
    training_value="Teaches the model that caches need TLS like databases do.",
    resource_types=("aws_elasticache_replication_group", "aws_elasticache_cluster"),
)


def _elasticache_transit_applies(view: ResourceView) -> bool:
    if view.type == "aws_elasticache_cluster":
        # a standalone cluster can encrypt in transit only with Memcached; Redis members follow their group
        return view.py("engine") == "memcached" and not given(view, "replication_group_id")
    return not (view.py("transit_encryption_enabled") is None and given(view, "global_replication_group_id"))


OPENSEARCH_TYPES = ("aws_opensearch_domain", "aws_elasticsearch_domain")

OPENSEARCH_NODE_TO_NODE = RuleMeta(
    id="SEC040",
    name="opensearch-node-to-node-encryption-disabled",
    severity="medium",
    category="security",
    summary="OpenSearch / Elasticsearch domain does not encrypt traffic between nodes",
    rationale="Without node_to_node_encryption { enabled = true } the nodes of the domain exchange documents, "
    "search results and shard replicas unencrypted inside the VPC. It is also a prerequisite for fine-grained "
    "access control.",
    fix="Add node_to_node_encryption { enabled = true } to the domain.",
    bad='resource "aws_opensearch_domain" "search" {\n  domain_name    = "search"\n  engine_version = "OpenSearch_2.13"\n}\n',
    good='resource "aws_opensearch_domain" "search" {\n  domain_name    = "search"\n  engine_version = "OpenSearch_2.13"\n\n'
    "  node_to_node_encryption {\n    enabled = true\n  }\n}\n",
    references=(
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html",
        tf_doc("opensearch_domain#node_to_node_encryption"),
    ),
    impact=Impact(cost="None", security="Cluster-internal traffic is readable on the network", performance="Negligible"),
    training_value="Teaches the model to encrypt traffic inside data clusters, not only at their edge.",
    resource_types=OPENSEARCH_TYPES,
)

OPENSEARCH_HTTPS = RuleMeta(
    id="SEC041",
    name="opensearch-https-not-enforced",
    severity="high",
    category="security",
    summary="OpenSearch / Elasticsearch domain accepts plain HTTP",
    rationale="Unless domain_endpoint_options sets enforce_https (true when the block is present and the argument "
    "omitted), the domain endpoint answers plain HTTP. Queries, indexed documents and credentials sent with "
    "them (basic auth for fine-grained access control, Dashboards cookies) then cross the network unencrypted.",
    fix='Add domain_endpoint_options { enforce_https = true, tls_security_policy = "Policy-Min-TLS-1-2-2019-07" }.',
    bad='resource "aws_opensearch_domain" "search" {\n  domain_name = "search"\n\n  domain_endpoint_options {\n'
    "    enforce_https = false\n  }\n}\n",
    good='resource "aws_opensearch_domain" "search" {\n  domain_name = "search"\n\n  domain_endpoint_options {\n'
    '    enforce_https       = true\n    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"\n  }\n}\n',
    references=(
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html",
        tf_doc("opensearch_domain#domain_endpoint_options"),
    ),
    impact=PLAINTEXT_IMPACT,
    training_value="Teaches the model to enforce HTTPS on every service endpoint it creates.",
    resource_types=OPENSEARCH_TYPES,
)


def _opensearch_https(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type(*OPENSEARCH_TYPES):
        options = view.blocks("domain_endpoint_options")
        if not options:
            yield finding(meta, view.block, f"{view.address} has no domain_endpoint_options; the endpoint accepts "
                          "plain HTTP", address=view.address)
        for block in options:
            if block.py("enforce_https", True) is False:
                yield finding(meta, block.attr("enforce_https"), f"{view.address}: enforce_https is false; the "
                              "endpoint accepts plain HTTP", address=view.address)


OPENSEARCH_TLS = RuleMeta(
    id="SEC042",
    name="opensearch-outdated-tls-policy",
    severity="medium",
    category="security",
    summary="OpenSearch / Elasticsearch domain accepts TLS older than 1.2",
    rationale="tls_security_policy defaults to Policy-Min-TLS-1-0-2019-07, which lets clients connect with TLS 1.0 "
    "and 1.1. Policy-Min-TLS-1-2-2019-07 or Policy-Min-TLS-1-2-PFS-2023-10 restrict the endpoint to TLS 1.2+.",
    fix='Set tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10" (or Policy-Min-TLS-1-2-2019-07) in '
    "domain_endpoint_options.",
    bad='  domain_endpoint_options {\n    enforce_https = true\n  }\n',
    good='  domain_endpoint_options {\n    enforce_https       = true\n'
    '    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"\n  }\n',
    references=(
        "https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html",
        tf_doc("opensearch_domain#tls_security_policy-1"),
    ),
    impact=OLD_TLS_IMPACT,
    training_value="Teaches the model to pin TLS 1.2 on managed service endpoints.",
    resource_types=OPENSEARCH_TYPES,
)


def _modern_opensearch_policy() -> Expect:
    return Expect(lambda v: isinstance(v, str) and v.startswith("Policy-Min-TLS-1-2"), "Policy-Min-TLS-1-2-*", False)


RDS_PROXY_TLS = RuleMeta(
    id="SEC043",
    name="rds-proxy-tls-not-required",
    severity="medium",
    category="security",
    summary="RDS Proxy accepts client connections without TLS",
    rationale="require_tls defaults to false, so applications may connect to the proxy unencrypted and send the "
    "database credentials and query results in clear text. Requiring TLS on the proxy enforces encryption for "
    "every client without touching database parameter groups.",
    fix="Set require_tls = true on aws_db_proxy and connect with TLS from the application.",
    bad='resource "aws_db_proxy" "app" {\n  name          = "app"\n  engine_family = "POSTGRESQL"\n'
    "  role_arn      = aws_iam_role.proxy.arn\n  vpc_subnet_ids = var.private_subnet_ids\n  # auth { ... }\n}\n",
    good='resource "aws_db_proxy" "app" {\n  name           = "app"\n  engine_family  = "POSTGRESQL"\n'
    "  role_arn       = aws_iam_role.proxy.arn\n  vpc_subnet_ids = var.private_subnet_ids\n  require_tls    = true\n"
    "  # auth { ... }\n}\n",
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html",
        tf_doc("db_proxy#require_tls-1"),
    ),
    impact=Impact(cost="None", security="Database credentials and data may cross the VPC unencrypted", performance="Negligible"),
    training_value="Teaches the model to enforce TLS at the database entry point.",
    resource_types=("aws_db_proxy",),
)

MSK_PLAINTEXT = RuleMeta(
    id="SEC044",
    name="msk-plaintext-traffic",
    severity="medium",
    category="security",
    summary="MSK cluster allows unencrypted Kafka traffic",
    rationale='encryption_in_transit defaults to client_broker = "TLS" and in_cluster = true. Setting client_broker to '
    '"PLAINTEXT" or "TLS_PLAINTEXT" lets producers and consumers send records unencrypted, and in_cluster = false '
    "replicates them between brokers unencrypted.",
    fix='Keep client_broker = "TLS" and in_cluster = true (or remove the overrides).',
    bad='  encryption_info {\n    encryption_in_transit {\n      client_broker = "TLS_PLAINTEXT"\n    }\n  }\n',
    good='  encryption_info {\n    encryption_in_transit {\n      client_broker = "TLS"\n      in_cluster    = true\n'
    "    }\n  }\n",
    references=(
        "https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html",
        tf_doc("msk_cluster#encryption_in_transit-argument-reference"),
    ),
    impact=Impact(cost="None", security="Kafka records travel readable on the network", performance="TLS costs some broker CPU"),
    training_value="Teaches the model not to relax streaming platforms' default TLS.",
    resource_types=("aws_msk_cluster",),
)

_MSK_CHECKS = [
    AttributeCheck(
        MSK_PLAINTEXT, "encryption_info.encryption_in_transit.client_broker", equals("TLS", absent_ok=True),
        "{address}: client_broker is {value}; clients may send records unencrypted",
    ),
    AttributeCheck(
        MSK_PLAINTEXT, "encryption_info.encryption_in_transit.in_cluster", equals(True, absent_ok=True),
        "{address}: in_cluster is {value}; brokers replicate data unencrypted",
    ),
]


def _msk_plaintext(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for check in _MSK_CHECKS:
        yield from check.run(ctx)


CHECKS = [
    AttributeCheck(
        API_GATEWAY_TLS, "security_policy", not_equals("TLS_1_0"),
        '{address}: security_policy is "TLS_1_0"; clients may connect with TLS 1.0',
    ),
    AttributeCheck(
        ELASTICACHE_TRANSIT, "transit_encryption_enabled", equals(True),
        "{address}: transit_encryption_enabled is {value}; cache traffic is unencrypted",
        applies=_elasticache_transit_applies,
    ),
    AttributeCheck(
        OPENSEARCH_NODE_TO_NODE, "node_to_node_encryption.enabled", equals(True),
        "{address}: node_to_node_encryption.enabled is {value}; traffic between nodes is unencrypted",
    ),
    AttributeCheck(
        OPENSEARCH_TLS, "domain_endpoint_options.tls_security_policy", _modern_opensearch_policy(),
        "{address}: tls_security_policy is {value} (default Policy-Min-TLS-1-0-2019-07); TLS 1.0 and 1.1 are accepted",
    ),
    AttributeCheck(
        RDS_PROXY_TLS, "require_tls", equals(True),
        "{address}: require_tls is {value}; clients may connect without TLS",
    ),
]

RULES: list[Rule] = [
    Rule(HTTP_LISTENER, _not_redirecting),
    Rule(HTTP_ONLY_LB, _http_only),
    Rule(LISTENER_TLS, _listener_tls),
    Rule(CLOUDFRONT_HTTP, _cloudfront_http),
    Rule(CLOUDFRONT_TLS, _cloudfront_tls),
    *(check.rule() for check in CHECKS),
    Rule(OPENSEARCH_HTTPS, _opensearch_https),
    Rule(MSK_PLAINTEXT, _msk_plaintext),
    Rule(CLOUDFRONT_ORIGIN, _cloudfront_origin),
]
