"""Encryption in transit inside managed services: caches, search domains, database proxies, Kafka.

These settings protect traffic between clients and a service inside the VPC,
or between the service's own nodes, and are medium: exposure needs a foothold
in the network. The exception is a search domain whose endpoint accepts plain
HTTP (SEC041), which is high like any other plain-HTTP entry point, since
domains outside a VPC are reachable from the internet. Load balancers and
edge services live in `encryption_load_balancers` and `encryption_edge`.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.encryption_support import OLD_TLS_IMPACT, PLAINTEXT_IMPACT, given, tf_doc
from iacreview.rules.context import ResourceView, RuleContext
from iacreview.rules.table import AttributeCheck, Expect, equals


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
    bad='resource "aws_opensearch_domain" "search" {\n  domain_name = "search"\n\n  domain_endpoint_options {\n'
    '    enforce_https = true\n  }\n}\n',
    good='resource "aws_opensearch_domain" "search" {\n  domain_name = "search"\n\n  domain_endpoint_options {\n'
    '    enforce_https       = true\n    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"\n  }\n}\n',
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
    bad='resource "aws_db_proxy" "app" {\n  name           = "app"\n  engine_family  = "POSTGRESQL"\n'
    "  role_arn       = aws_iam_role.proxy.arn\n  vpc_subnet_ids = var.private_subnet_ids\n  # auth { ... }\n}\n",
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
    bad='resource "aws_msk_cluster" "events" {\n  cluster_name           = "events"\n  kafka_version          = "3.6.0"\n'
    '  number_of_broker_nodes = 3\n  # broker_node_group_info ...\n\n  encryption_info {\n    encryption_in_transit {\n'
    '      client_broker = "TLS_PLAINTEXT"\n    }\n  }\n}\n',
    good='resource "aws_msk_cluster" "events" {\n  cluster_name           = "events"\n  kafka_version          = "3.6.0"\n'
    '  number_of_broker_nodes = 3\n  # broker_node_group_info ...\n\n  encryption_info {\n    encryption_in_transit {\n'
    '      client_broker = "TLS"\n      in_cluster    = true\n    }\n  }\n}\n',
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

CERTIFICATE_NOT_VALIDATED = RuleMeta(
    id="REL030",
    name="acm-certificate-used-before-validation",
    severity="high",
    category="reliability",
    summary="An ACM certificate is used before it is validated",
    rationale="ACM issues a requested certificate only after its DNS or e-mail validation completes. A load "
    "balancer listener, CloudFront distribution or API domain given the certificate's ARN directly is created "
    "while the certificate is still pending, and AWS refuses it (UnsupportedCertificate): the apply fails. "
    "aws_acm_certificate_validation waits for the certificate to be issued; consumers must take its "
    "certificate_arn.",
    fix="Add the validation records (aws_route53_record for each domain_validation_options entry) and an "
    "aws_acm_certificate_validation, and reference aws_acm_certificate_validation.<name>.certificate_arn.",
    bad='resource "aws_acm_certificate" "web" {\n  domain_name       = "app.example.com"\n  validation_method = "DNS"\n}\n\n'
    'resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 443\n'
    '  protocol          = "HTTPS"\n  certificate_arn   = aws_acm_certificate.web.arn\n\n  default_action {\n'
    '    type             = "forward"\n    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n',
    good='resource "aws_acm_certificate_validation" "web" {\n  certificate_arn         = aws_acm_certificate.web.arn\n'
    '  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]\n}\n\n'
    'resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 443\n'
    '  protocol          = "HTTPS"\n  certificate_arn   = aws_acm_certificate_validation.web.certificate_arn\n\n'
    '  default_action {\n    type             = "forward"\n    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n',
    references=(
        tf_doc("acm_certificate_validation"),
        "https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html",
    ),
    impact=Impact(performance="The first apply fails on every consumer of the certificate"),
    training_value="Teaches the model that a requested certificate must be validated before anything uses it.",
    resource_types=("aws_acm_certificate",),
)
#: Resource types that take a certificate ARN for TLS.
_CERTIFICATE_CONSUMERS = ("aws_lb_listener", "aws_alb_listener", "aws_lb_listener_certificate",
                          "aws_cloudfront_distribution", "aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name")


def _certificate_not_validated(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for cert in ctx.of_type("aws_acm_certificate"):
        if cert.attr("private_key") is not None or cert.attr("certificate_authority_arn") is not None:
            continue  # imported, or issued by a private CA: nothing to validate
        validations = ctx.linked(cert, "aws_acm_certificate_validation")
        for consumer in ctx.linked(cert, *_CERTIFICATE_CONSUMERS):
            if "aws_acm_certificate_validation." in consumer.block.text():
                continue  # it also waits for the validation (depends_on, or a reference)
            waits = (f"it does not wait for {validations[0].address} (take its certificate_arn)" if validations
                     else "nothing waits for the certificate to be validated")
            yield finding(meta, consumer.block, f"{consumer.address} uses {cert.address} directly and {waits}: "
                          "the apply fails while the certificate is pending", address=consumer.address)


RULES: list[Rule] = [
    *(check.rule() for check in CHECKS),
    Rule(CERTIFICATE_NOT_VALIDATED, _certificate_not_validated),
    Rule(OPENSEARCH_HTTPS, _opensearch_https),
    Rule(MSK_PLAINTEXT, _msk_plaintext),
]
