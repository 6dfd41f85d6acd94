"""Deployment: CloudFront's requirements at apply time: a certificate in us-east-1 and a web ACL of global scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacreview.eval.values import to_python
from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Rule, RuleMeta, finding
from iacreview.rules.catalog.deployment_support import REJECTED, TF, deploy_meta, referenced
from iacreview.rules.context import ResourceView, RuleContext

CF_CERT = deploy_meta(
    "DEP058", "cloudfront-certificate-not-in-us-east-1", "critical", "CloudFront uses an ACM certificate outside us-east-1",
    rationale="CloudFront only uses ACM certificates requested or imported in US East (N. Virginia). A distribution "
    "whose viewer_certificate points to a certificate in another Region fails (InvalidViewerCertificate: The "
    "specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid "
    "certificate chain).",
    fix='Request the certificate with a provider aliased to us-east-1: provider = aws.us_east_1.',
    bad='provider "aws" {\n  region = "eu-west-1"\n}\n\nresource "aws_acm_certificate" "site" {\n  domain_name       = "example.com"\n  validation_method = "DNS"\n}\n\nresource "aws_cloudfront_distribution" "site" {\n  enabled = true\n  viewer_certificate {\n    acm_certificate_arn = aws_acm_certificate.site.arn\n    ssl_support_method  = "sni-only"\n  }\n}\n',
    good='provider "aws" {\n  region = "eu-west-1"\n}\n\nprovider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n}\n\nresource "aws_acm_certificate" "site" {\n  provider          = aws.us_east_1\n  domain_name       = "example.com"\n  validation_method = "DNS"\n}\n\nresource "aws_cloudfront_distribution" "site" {\n  enabled = true\n  viewer_certificate {\n    acm_certificate_arn = aws_acm_certificate.site.arn\n    ssl_support_method  = "sni-only"\n  }\n}\n',
    references=("https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html#https-requirements-certificate-issuer",
                TF + "cloudfront_distribution#viewer-certificate-arguments"),
    impact=REJECTED,
    training_value="Teaches the model CloudFront's us-east-1 certificate requirement.",
    resource_types=("aws_cloudfront_distribution",),
)

_ARN_REGION = re.compile(r"arn:aws[a-z-]*:acm:([a-z0-9-]+):")


def _provider_region(ctx: RuleContext, view: ResourceView) -> str | None:
    """The region of the provider configuration a resource uses, when the configuration states it."""
    attr = view.attr("provider")
    alias = None
    if attr is not None:
        parts = N.traversal_parts(attr.expr)
        if parts and len(parts) == 2:
            alias = parts[1]
    module = view.instance.scope.module
    for prov in module.providers:
        if prov.name == "aws" and prov.alias == alias:
            region_attr = prov.block.body.get_attribute("region")
            if region_attr is None:
                return None
            value = view.instance.scope.try_evaluate(region_attr.expr, {})
            if value is not None and value.is_known and not value.is_null:
                region = to_python(value.unmark_deep()[0])
                return region if isinstance(region, str) else None
            return None
    return None


def _cf_cert(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for dist in ctx.of_type("aws_cloudfront_distribution"):
        for vc in dist.blocks("viewer_certificate"):
            attr = vc.attr("acm_certificate_arn")
            if attr is None:
                continue
            arn = vc.py("acm_certificate_arn")
            if isinstance(arn, str) and (m := _ARN_REGION.match(arn)) and m.group(1) != "us-east-1":
                yield finding(meta, attr, f"{dist.address}: certificate is in {m.group(1)}", address=dist.address)
                continue
            for cert in referenced(ctx, dist, attr, "aws_acm_certificate", "aws_acm_certificate_validation"):
                if cert.type == "aws_acm_certificate_validation":
                    inner = referenced(ctx, cert, "certificate_arn", "aws_acm_certificate")
                    cert = inner[0] if inner else cert
                region = _provider_region(ctx, cert)
                if region is not None and region != "us-east-1":
                    yield finding(meta, attr, f"{dist.address}: {cert.address} is requested in {region} (its provider's "
                                  "region); CloudFront needs us-east-1", address=dist.address)
                    break


CF_WAF = deploy_meta(
    "DEP059", "cloudfront-web-acl-not-global", "critical", "CloudFront distribution uses a REGIONAL WAFv2 web ACL",
    rationale="A web ACL for CloudFront must have scope CLOUDFRONT (created in us-east-1). Associating a REGIONAL web "
    "ACL fails (InvalidWebACLId / WAFInvalidParameterException: the web ACL scope is not CLOUDFRONT).",
    fix='Create the web ACL with scope = "CLOUDFRONT" through a us-east-1 provider.',
    bad='resource "aws_wafv2_web_acl" "site" {\n  name  = "site"\n  scope = "REGIONAL"\n}\n\n'
    'resource "aws_cloudfront_distribution" "site" {\n  web_acl_id = aws_wafv2_web_acl.site.arn\n}\n',
    good='resource "aws_wafv2_web_acl" "site" {\n  provider = aws.us_east_1\n  name     = "site"\n  scope    = "CLOUDFRONT"\n}\n',
    references=("https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html",
                TF + "wafv2_web_acl"),
    impact=REJECTED,
    training_value="Teaches the model WAF scopes for CloudFront.",
    resource_types=("aws_cloudfront_distribution",),
)


def _cf_waf(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for dist in ctx.of_type("aws_cloudfront_distribution"):
        for acl in referenced(ctx, dist, "web_acl_id", "aws_wafv2_web_acl"):
            if acl.py("scope") == "REGIONAL":
                yield finding(meta, dist.node("web_acl_id"), f"{dist.address}: {acl.address} has scope REGIONAL",
                              address=dist.address)


RULES = [
    Rule(CF_CERT, _cf_cert),
    Rule(CF_WAF, _cf_waf),
]
