"""Edge entry points: CloudFront viewer and origin protocols, API Gateway custom domain TLS.

A CloudFront behaviour that allows plain HTTP is as exposed as a load balancer
that does (high). A custom certificate without `minimum_protocol_version`
defaults to TLSv1, so leaving it out is reported (medium); distributions on the
default *.cloudfront.net certificate cannot change it and are left alone.
Origins reached over plain HTTP are medium, except S3 website endpoints, which
cannot speak HTTPS at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacreview.eval.values import UNKNOWN
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.encryption_support import OLD_TLS_IMPACT, PLAINTEXT_IMPACT, tf_doc
from iacreview.rules.context import ResourceView, RuleContext
from iacreview.rules.table import AttributeCheck, not_equals

CLOUDFRONT_HTTPS_DOC = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html"


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
    bad='resource "aws_cloudfront_distribution" "site" {\n  # origin, default_cache_behavior, restrictions ...\n'
    '  aliases = ["www.example.com"]\n\n  viewer_certificate {\n    acm_certificate_arn = aws_acm_certificate.site.arn\n'
    '    ssl_support_method  = "sni-only"\n  }\n}\n',
    good='resource "aws_cloudfront_distribution" "site" {\n  # origin, default_cache_behavior, restrictions ...\n'
    '  aliases = ["www.example.com"]\n\n  viewer_certificate {\n    acm_certificate_arn      = aws_acm_certificate.site.arn\n'
    '    ssl_support_method       = "sni-only"\n    minimum_protocol_version = "TLSv1.2_2021"\n  }\n}\n',
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
    bad='resource "aws_cloudfront_distribution" "app" {\n  # default_cache_behavior, restrictions, viewer_certificate ...\n'
    '  origin {\n    domain_name = aws_lb.web.dns_name\n    origin_id   = "alb"\n\n    custom_origin_config {\n'
    '      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = "http-only"\n'
    '      origin_ssl_protocols   = ["TLSv1.2"]\n    }\n  }\n}\n',
    good='resource "aws_cloudfront_distribution" "app" {\n  # default_cache_behavior, restrictions, viewer_certificate ...\n'
    '  origin {\n    domain_name = "origin.example.com" # DNS name covered by the ALB\'s certificate\n'
    '    origin_id   = "alb"\n\n    custom_origin_config {\n'
    '      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = "https-only"\n'
    '      origin_ssl_protocols   = ["TLSv1.2"]\n    }\n  }\n}\n',
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


API_GATEWAY_CHECK = AttributeCheck(
    API_GATEWAY_TLS, "security_policy", not_equals("TLS_1_0"),
    '{address}: security_policy is "TLS_1_0"; clients may connect with TLS 1.0',
)

RULES: list[Rule] = [
    Rule(CLOUDFRONT_HTTP, _cloudfront_http),
    Rule(CLOUDFRONT_TLS, _cloudfront_tls),
    Rule(CLOUDFRONT_ORIGIN, _cloudfront_origin),
    API_GATEWAY_CHECK.rule(),
]
