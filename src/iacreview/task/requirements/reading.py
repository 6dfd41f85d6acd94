"""Reading explicit, checkable requirements out of a prompt's statements.

Each reader takes one statement and returns the requirements it states, in
the statement's words. A requirement is only read where the prompt states it
as a demand (an imperative, a modal, a list of what is needed, a table of
settings), never from a topic or an example: "such as", "e.g.", "optionally",
"if needed" and questions make a statement optional, "existing" or "passed in"
names something the answer does not build, and "no", "without", "instead of",
"do not use" turn a subject into something forbidden.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacreview.task.requirements.model import Requirement, Waiver
from iacreview.task.requirements.signals import REGION
from iacreview.task.requirements.statements import Statement
from iacreview.task.requirements.vocabulary import (
    ASKS,
    EXISTING,
    NEGATION_BEFORE,
    NUMBER,
    OPTIONAL,
    SUBJECTS,
    TALKED_ABOUT,
    VERSIONED,
    Subject,
    number_value,
)

# ---------------------------------------------------------------- subjects in a statement


def subjects_in(text: str) -> list[tuple[int, int, Subject]]:
    """(start, end, subject) of every subject named, earliest first, longest on a tie, none overlapping."""
    hits = [(m.start(), m.end(), s) for s in SUBJECTS for m in s.pattern.finditer(text)]
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen: list[tuple[int, int, Subject]] = []
    end = -1
    for start, stop, subject in hits:
        if start >= end:
            chosen.append((start, stop, subject))
            end = stop
    return chosen


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 60):start]
    return bool(NEGATION_BEFORE.search(before))


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a span: from the previous , ; ( or ' and ' to the next one."""
    left = max(text.rfind(c, 0, start) for c in (",", ";", "(", ":"))
    rights = [i for i in (text.find(c, end) for c in (",", ";", ")")) if i != -1]
    return text[left + 1:min(rights) if rights else len(text)]


# ---------------------------------------------------------------- counts

_QUALIFIER = r"(?P<q>at\s+least|a\s+minimum\s+of|minimum\s+of|no\s+fewer\s+than|at\s+most|up\s+to|no\s+more\s+than|" \
             r"a\s+maximum\s+of|maximum\s+of|exactly|only)?\s*"
_COUNT = re.compile(rf"(?<![\w./-]){_QUALIFIER}(?P<n>{NUMBER})\s+(?P<adj>(?:[\w-]+\s+){{0,3}}?)$", re.IGNORECASE)
_COUNT_AFTER = re.compile(rf"^\s*(?:\(|:)?\s*(?P<n>\d{{1,3}})\s*(?:\)|$)")
_PER = re.compile(r"^\s*(?:per|in\s+each|for\s+each|in\s+every|for\s+every|each\s+in)\s+(?:public\s+|private\s+)?"
                  r"(?P<what>availability\s+zones?|azs?|zones?|subnets?|public\s+subnets?)", re.IGNORECASE)
_PER_ANY = re.compile(r"^\s*(?:per|for\s+each|in\s+each|for\s+every|in\s+every|each)\b", re.IGNORECASE)
_AFTER_QUALIFIER = re.compile(r"^\s*(at\s+most|at\s+least|or\s+more|or\s+fewer|or\s+less|minimum|maximum|max|min)\b",
                              re.IGNORECASE)
_SHARED = re.compile(r"^\s*(?:shared|used)\s+(?:by|across|between)\s+(?:all|both|every|the)", re.IGNORECASE)
_NOT_A_COUNT = re.compile(r"(?:\bnot|\bno|\bper|\beach|\bof|\bthan|\bversion|\bv)\s*$", re.IGNORECASE)
_MIN = ("at least", "a minimum of", "minimum of", "no fewer than")
_MAX = ("at most", "up to", "no more than", "a maximum of", "maximum of")


_SPLIT_SUBNETS = re.compile(rf"(?P<n1>{NUMBER})\s+(?P<k1>public|private)\s+and\s+(?P<n2>{NUMBER})\s+(?P<k2>public|private)"
                            r"\s+subnets\b", re.IGNORECASE)


def read_counts(st: Statement) -> Iterator[Requirement]:
    text = st.text
    if WAIVER_PATTERNS["single-az"].search(text):
        return  # "single AZ is fine" permits one zone; it does not ask for exactly one
    for m in _SPLIT_SUBNETS.finditer(text):  # "2 public and 2 private subnets"
        if strength(st) != "optional" and not _PER_ANY.match(text[m.end():]):
            for n, k in ((m.group("n1"), m.group("k1")), (m.group("n2"), m.group("k2"))):
                value = number_value(n)
                if value is not None:
                    yield Requirement("count", f"{k.lower()}_subnet", value, st.text, st.line, context=st.heading)
    for start, end, subject in subjects_in(text):
        if subject.key in ("database",) and re.match(r"\s*(?:engine|version|instance\s+class)", text[end:], re.I):
            continue
        before = text[max(0, start - 80):start]
        m = _COUNT.search(before)
        after = text[end:end + 60]
        per = _PER.match(after)
        if m is None and per and re.search(r"\b(?:a|an)\s+$", before):
            m = re.search(r"(?P<q>)(?P<n>an?)\s+(?P<adj>)$", before)  # "a NAT gateway in each AZ"
        if m is None:
            continue
        if re.search(r"\b(?:per|each|in|across|for|of|to|with|and|or|by|from|on|at|resource|terraform|plan)\b",
                     m.group("adj"), re.I) \
                or subjects_in(m.group("adj")):
            continue  # the number counts something else: "one NAT gateway per AZ" says nothing of the AZs
        if _NOT_A_COUNT.search(before[:m.start()].rstrip() or " ") or VERSIONED.search(before[:m.start()].rstrip()):
            continue  # "not one per AZ", "more than two", "PostgreSQL 14 database"
        if m.group("n").lower() == "both" and re.match(r"\s*(?:and|&|,)\s", after):
            continue  # "both Security Groups and NACLs" names two kinds, not two of one
        n = 1 if m.group("n").lower() in ("a", "an") else number_value(m.group("n"))
        if n is None or n > 500:
            continue
        adj = m.group("adj").strip().lower()
        if re.search(r"\b(?:gb|gib|tb|mb|days?|hours?|minutes?|seconds?|ms|%|percent|cores?|vcpus?)\b", adj):
            continue
        qualifier = " ".join((m.group("q") or "").lower().split())
        comparison = "min" if qualifier in _MIN else "max" if qualifier in _MAX else "eq"
        if comparison == "eq" and re.search(r"\b(?:the|all|these|those|both\s+of\s+the)\s*$", before[:m.start()]):
            comparison = "min"  # "coordinate the three Lambda functions": those three exist, others may too
        how_strong = strength(st)
        if how_strong == "optional" or _existing(text, start, end):
            continue
        if _PER_ANY.match(after) and not per:
            continue  # "one security group per tier": relative to something not counted here
        if re.match(r"\s*(?:tiers?|types?|kinds?|layers?|class(?:es)?|categor(?:y|ies)|rules?|polic(?:y|ies)|"
                    r"charges?|costs?|endpoints?|ids?|arns?|names?)\b", after, re.I):
            continue  # "three subnet tiers", "both subnet types": the number counts something else
        later = _AFTER_QUALIFIER.match(after)
        if later and comparison == "eq":
            comparison = "max" if later.group(1).lower().startswith(("at most", "or fewer", "or less", "max")) else "min"
        if per:
            if n == 1:
                yield Requirement("count", subject.key, "per_az", st.text, st.line, comparison="eq",
                                  strength=how_strong, context=st.heading)
            continue
        yield Requirement("count", subject.key, n, st.text, st.line, comparison=comparison, strength=how_strong,
                          context=st.heading, shared=bool(_SHARED.match(after)))


def read_forbidden(st: Statement) -> Iterator[Requirement]:
    """"No NAT gateway", "without a bastion", "instead of NAT gateways": the subject must be absent."""
    text = st.text
    if re.search(r"→|->|\broutes?\b", text):
        return  # routing tables: "no IGW or NAT routes" forbids routes, not gateways
    for start, end, subject in subjects_in(text):
        if subject.key in ("availability_zone", "subnet", "public_subnet", "private_subnet", "vpc", "security_group"):
            continue
        if not _negated(text, start) or TALKED_ABOUT.match(text[end:]) or re.search(r"\b(?:if|unless|when)\b", text,
                                                                                      re.I):
            continue  # "no security groups have open rules", "do not create X if it already exists"
        before = text[max(0, start - 60):start].lower()
        if re.search(r"\b(?:no\s+need|not\s+need|doesn't\s+need|don't\s+need|not\s+required)\b", before):
            continue  # "no need for a NAT gateway": not asked for, not forbidden
        if re.search(r"\bno\s+(?:single|one|more|other|additional|extra)\b", before[-25:]):
            continue
        yield Requirement("forbidden", subject.key, 0, st.text, st.line, comparison="max", strength="must",
                          context=st.heading, negated=True)


def read_services(st: Statement) -> Iterator[Requirement]:
    """A subject the statement asks the answer to build."""
    text = st.context
    if not ASKS.search(text) and not st.lead and not st.heading.lower().startswith(("requirement", "component",
                                                                                  "resource", "architecture",
                                                                                  "infrastructure", "deliverable")):
        return
    if strength(st) == "optional":
        return
    for start, end, subject in subjects_in(st.text):
        if not subject.types or subject.key in ("subnet", "public_subnet", "private_subnet", "security_group",
                                                "ec2_instance", "nat_instance", "availability_zone"):
            continue  # parts of a network or too generic a word to hold a service to
        if _negated(st.text, start) or _existing(st.text, start, end):
            continue
        clause = _clause(st.text, start, end)
        if re.search(rf"\bor\b[^,;]*{re.escape(st.text[start:end])}|{re.escape(st.text[start:end])}[^,;]*\bor\b",
                     clause, re.IGNORECASE):
            continue  # "an ALB or an NLB": either will do
        yield Requirement("service", subject.key, subject.types, st.text, st.line, context=st.heading)


# ---------------------------------------------------------------- values

_EC2_CLASS = re.compile(r"(?<![\w.])(?:[a-z]{1,3}\d[a-z0-9-]*)\.(?:nano|micro|small|medium|large|xlarge|\d{1,2}xlarge|"
                        r"metal)\b", re.IGNORECASE)
_DB_CLASS = re.compile(r"\bdb\.[a-z0-9]+\.[a-z0-9]+\b", re.IGNORECASE)
_CACHE_CLASS = re.compile(r"\bcache\.[a-z0-9]+\.[a-z0-9]+\b", re.IGNORECASE)


def read_classes(st: Statement) -> Iterator[Requirement]:
    text = st.text
    if strength(st) == "optional" and not re.search(r"\buse\b|\bmust\b", text, re.I):
        return
    for kind, pattern in (("db_class", _DB_CLASS), ("cache_class", _CACHE_CLASS)):
        values = tuple(dict.fromkeys(v.lower() for v in pattern.findall(text)))
        if values:
            yield Requirement(kind, kind, values, st.text, st.line, context=st.heading)
    stripped = _DB_CLASS.sub(" ", _CACHE_CLASS.sub(" ", text))
    values = tuple(dict.fromkeys(v.lower() for v in _EC2_CLASS.findall(stripped)))
    if values:
        yield Requirement("instance_type", "ec2_instance", values, st.text, st.line, context=st.heading)


_ENGINE = re.compile(
    r"\b(?P<engine>postgres(?:ql)?|mysql|mariadb|aurora[\s-]+postgres(?:ql)?|aurora[\s-]+mysql|redis|memcached|"
    r"sql\s+server|oracle)\b(?:\s+(?:engine\s+)?(?:version\s+)?v?(?P<version>\d{1,2}(?:\.\d{1,2}){0,2})\b)?",
    re.IGNORECASE,
)
ENGINE_NAMES = {"postgres": "postgres", "postgresql": "postgres", "mysql": "mysql", "mariadb": "mariadb",
                "aurora-postgresql": "aurora-postgresql", "aurora-postgres": "aurora-postgresql",
                "aurora-mysql": "aurora-mysql", "redis": "redis", "memcached": "memcached",
                "sql-server": "sqlserver", "oracle": "oracle"}


def read_engines(st: Statement) -> Iterator[Requirement]:
    if strength(st) == "optional":
        return
    found = {}
    for m in _ENGINE.finditer(st.text):
        name = ENGINE_NAMES.get(re.sub(r"[\s-]+", "-", m.group("engine").lower()))
        if name is None or _negated(st.text, m.start()) or _existing(st.text, m.start(), m.end()):
            continue
        found.setdefault(name, m.group("version"))
    if len(found) == 1:  # "PostgreSQL or MySQL" asks for neither in particular
        (name, version), = found.items()
        yield Requirement("engine", name, (name, version), st.text, st.line, context=st.heading)


def read_regions(st: Statement) -> Iterator[Requirement]:
    regions = list(dict.fromkeys(REGION.findall(st.text)))
    if regions and (re.search(r"\bregions?\b|\bdeploy|\bprovision|\bcreate|\bbuild|\bruns?\b|\brunning\b", st.context,
                              re.I) or (ASKS.search(st.context) and re.search(rf"\bin\s+(?:the\s+)?{regions[0]}\b", st.text))):
        if not re.search(r"\b(?:dr|disaster|failover|secondary|replica|backup|acm|certificates?|cloudfront|edge|"
                         r"global|cross-region|partner)\b", st.context, re.I):
            yield Requirement("region", "provider", tuple(regions), st.text, st.line, context=st.heading)


_CIDR = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}/\d{1,2}\b")


def read_cidrs(st: Statement) -> Iterator[Requirement]:
    if strength(st) == "optional":
        return
    text = st.context
    cidrs = [c for c in _CIDR.findall(st.text) if c != "0.0.0.0/0"]
    if not cidrs:
        return
    low = text.lower()
    if re.search(r"\bblock|\bdeny|\bdisallow|→|->|\broutes?\b|\bpeer|\bdefault\b|\bvariable", low):
        return
    if re.search(r"\bsecurity\s+groups?\b|\ballow|\bingress|\binbound", low):
        for cidr in cidrs:
            yield Requirement("ingress_cidr", "security_group", cidr, st.text, st.line, context=st.heading)
        return
    sources = set(re.findall(r"\bfrom\s+((?:\d{1,3}\.){3}\d{1,3}/\d{1,2})", st.text, re.I))
    for cidr in sources:
        yield Requirement("ingress_cidr", "security_group", cidr, st.text, st.line, context=st.heading)
    cidrs = [c for c in cidrs if c not in sources]
    mentions_vpc = bool(re.search(r"\bvpcs?\b|\bprimary\s+cidr\b", low))
    if re.search(r"\bsubnets?\b", low):
        for cidr in cidrs:
            if mentions_vpc and int(cidr.rsplit("/", 1)[1]) <= 16:  # "10.0.0.0/16 with two public subnets"
                yield Requirement("vpc_cidr", "vpc", cidr, st.text, st.line, context=st.heading)
            else:
                yield Requirement("subnet_cidr", "subnet", cidr, st.text, st.line, context=st.heading)
    elif mentions_vpc and len(cidrs) == 1:
        yield Requirement("vpc_cidr", "vpc", cidrs[0], st.text, st.line, context=st.heading)
    elif re.search(r"\b(?:allow|ingress|inbound|access|ssh|from|only)\b", low):
        for cidr in cidrs:
            if cidr not in ("0.0.0.0/0",):
                yield Requirement("ingress_cidr", "security_group", cidr, st.text, st.line, context=st.heading)


_PORT = re.compile(r"\bports?\s+(?P<ports>\d{2,5}(?:\s*(?:,|and|or|/)\s*\d{2,5})*)|\((?P<paren>\d{2,5})\)", re.I)


def read_ports(st: Statement) -> Iterator[Requirement]:
    text = st.text
    if strength(st) == "optional" or not re.search(r"\b(?:allow|open|ingress|inbound|accept|listen|expose|only)\b",
                                                     text, re.I):
        return
    for m in _PORT.finditer(text):
        if _negated(text, m.start()):
            continue
        numbers = re.findall(r"\d{2,5}", m.group("ports") or m.group("paren") or "")
        for n in numbers:
            port = int(n)
            if 1 <= port <= 65535 and not 1900 <= port <= 2100:
                yield Requirement("ingress_port", "security_group", port, st.text, st.line, context=st.heading)


_DAYS = re.compile(rf"(?P<n>{NUMBER})[\s-]+(?P<unit>days?|months?|years?|weeks?)\b", re.IGNORECASE)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def read_retention(st: Statement) -> Iterator[Requirement]:
    text = st.context
    low = text.lower()
    if not re.search(r"\bretain|\bretention|\bkeep|\bkept|\bstore[sd]?\b|\bexpire|\bdelete|\bbackups?\b|\bfor\s+",
                     low):
        return
    for m in _DAYS.finditer(st.text):
        n = number_value(m.group("n"))
        if n is None:
            continue
        unit = m.group("unit").lower().rstrip("s")
        days = n * _UNIT_DAYS[unit]
        window = st.text[max(0, m.start() - 80):m.end() + 60].lower()
        if re.search(r"\btransition|\bglacier|\blifecycle|\barchiv|\bexpir|\bdelete|\bafter\b|\bs3\b|\bbuckets?\b|"
                     r"\brotat|\bnoncurrent|\bversions?\b", window):
            continue  # object lifecycles, key rotation: not a log group's or a database's retention
        if re.search(r"\bbackups?\b|\bsnapshots?\b", window):
            subject = "backup"
        elif re.search(r"\bcloudwatch\b|\blog\s+groups?\b|\b(?:application|app|lambda|container|ecs|api)\s+logs\b",
                       window) or (re.search(r"\blogs?\b", window) and not re.search(
                           r"\bcloudtrail|\baudit|\bflow\s+logs?|\baccess\s+logs?", window)):
            subject = "logs"
        else:
            continue
        after = st.text[m.end():m.end() + 30].lower()
        comparison = "min" if re.search(r"^\s*(?:minimum|at\s+least|or\s+more|min)\b", after) or re.search(
            r"\b(?:at\s+least|minimum(?:\s+of)?|no\s+less\s+than)\s*$", st.text[:m.start()].lower()) else "eq"
        yield Requirement("retention", subject, days, st.text, st.line, comparison=comparison, context=st.heading)


_ENCRYPT = re.compile(r"\bencrypt(?:ed|ion|s)?\b|\bsse(?:-kms|-s3)?\b|\bkms\b", re.IGNORECASE)
_CMK = re.compile(r"customer[\s-]managed|\bcmks?\b|\bown\s+(?:kms\s+)?keys?\b|\bcustom\s+(?:kms\s+)?keys?\b|"
                  r"\bdedicated\s+(?:kms\s+)?keys?\b|\bkey\s+polic", re.IGNORECASE)
_KMS = re.compile(r"\bkms\b|\bsse-kms\b", re.IGNORECASE)
_ENCRYPT_WORD = re.compile(r"\bencrypt\w*|\bsse\b|\bsse-kms\b|\bkms[\s-]encrypted\b", re.IGNORECASE)


def read_encryption(st: Statement) -> Iterator[Requirement]:
    text = st.context
    if not _ENCRYPT.search(st.text) or strength(st) == "optional":
        return
    if re.search(r"\b(?:in\s+transit|tls|https|ssl)\b", st.text, re.I) and not re.search(r"\bat\s+rest\b", st.text,
                                                                                        re.I):
        return
    if re.search(r"\bpermissions?\b|\bactions?\b|\boutputs?\b|\barns?\b", st.text, re.I):
        return  # IAM permissions or outputs that name KMS, not a demand to encrypt
    how = "any" if re.search(r"\bsse-s3\b|\baws[\s-]managed\b", st.text, re.I) else \
        "cmk" if _CMK.search(st.text) else "kms" if _KMS.search(st.text) else "any"
    lead_asks = bool(st.lead and _ENCRYPT_WORD.search(st.lead))
    for start, end, subject in subjects_in(text):
        if subject.key not in ("s3_bucket", "database", "dynamodb", "sqs", "sns", "log_group", "efs", "kinesis") or \
                _existing(text, start, end):
            continue
        window = text[max(0, start - 80):end + 80]
        if lead_asks or _ENCRYPT_WORD.search(window):
            yield Requirement("encryption", subject.key, how, st.text, st.line, context=st.heading)


_MULTI_AZ = re.compile(r"\bmulti[\s-]?az\b|\bmultiple\s+(?:availability\s+zones|azs)\b", re.IGNORECASE)


def read_multi_az(st: Statement) -> Iterator[Requirement]:
    text = st.context
    if not _MULTI_AZ.search(st.text) or strength(st) == "optional" or _negated(st.text, _MULTI_AZ.search(
            st.text).start()):
        return
    if re.search(r"\bvariable|\btoggle|\bflag|\bconfigurable|\bdisabled|\bfalse\b", st.text, re.I):
        return
    if re.search(r"\b(?:rds|database|db|aurora|postgres|mysql)\b", text, re.I):
        yield Requirement("multi_az", "database", True, st.text, st.line, context=st.heading)


_TAG_KEYS = re.compile(r"\b(?:tag(?:ged|s)?|labels?)\b(?P<rest>.*)", re.IGNORECASE)
_KEY = re.compile(r"\b([A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*)\b")
# "Environment: Production", "Project = \"X\"", "Environment equals Production", "Environment set to Production"
_PAIR = re.compile(r"[\"'`]?(?P<key>[A-Za-z][\w-]*)[\"'`]?\s*(?::|=|\bequals\b|\bset\s+to\b|\bof\b)\s*[\"'`]?"
                   r"(?P<value>[\w.-]+)[\"'`]?")
_NOT_TAG_KEYS = {"All", "Every", "Each", "The", "Resources", "Resource", "Tags", "Tag", "Use", "With", "And", "Include",
                 "Should", "Must", "Apply", "For", "Add", "AWS", "Terraform", "Ensure", "Key", "Keys", "Value", "Values",
                 "Name", "Standard", "Common", "Default", "Proper", "Consistent", "Appropriate", "Following"}


def read_tags(st: Statement) -> Iterator[Requirement]:
    m = _TAG_KEYS.search(st.text)
    if m is None or strength(st) == "optional" or not re.search(
            r"\b(?:all|every|each)\b[^.;]{0,40}\btag|\btag\w*\b[^.;]{0,40}\b(?:all|every|each)\b|\bdefault[\s_]tags\b",
            st.context, re.I):
        return
    rest = re.sub(r"\([^)]*\)", " ", m.group("rest"))  # "Environment (either Development or Production)"
    pairs = [p for p in _PAIR.finditer(rest) if p.group("key")[:1].isupper() or p.group(0)[:1] in "\"'`"]
    values = {p.group("value") for p in pairs}
    keys = [p.group("key") for p in pairs if p.group("key") not in _NOT_TAG_KEYS]
    if not pairs:
        keys += [k for k in _KEY.findall(rest) if k not in _NOT_TAG_KEYS and k not in values]
    keys = list(dict.fromkeys(keys))
    if keys:
        yield Requirement("tags", "tags", tuple(keys[:8]), st.text, st.line, context=st.heading)


_OUTPUT = re.compile(r"\b(?:outputs?|export)\b(?:\s+(?:for|of|the|with|that|including|:))*(?P<rest>.*)", re.IGNORECASE)
_OUTPUT_ITEM = re.compile(r"\b((?:vpc|subnet|alb|lb|load\s+balancer|bucket|instance|cluster|db|database|rds|queue|"
                          r"topic|function|lambda|api|distribution|table|role|kms\s+key|security\s+group|nat)"
                          r"(?:\s+(?:public|private))?[\s_-]+(?:ids?|arns?|names?|dns(?:\s+names?)?|urls?|endpoints?|"
                          r"addresses|address))\b", re.IGNORECASE)


def read_outputs(st: Statement) -> Iterator[Requirement]:
    text = st.context
    m = _OUTPUT.search(text)
    if m is None or strength(st) == "optional" or re.search(r"\b(?:do\s+not|don't|never|not|no)\s+(?:\w+\s+)?"
                                                             r"outputs?\b", text, re.I):
        return
    for item in _OUTPUT_ITEM.findall(st.text):
        yield Requirement("output", "output", " ".join(item.lower().split()), st.text, st.line, context=st.heading)


_SINGLE_FILE = re.compile(r"\b(?:single|one)\s+(?:terraform\s+|\.tf\s+|hcl\s+)?file\b|\ball\s+in\s+one\s+file\b|"
                          r"\beverything\s+in\s+(?:a\s+single|one)\b", re.IGNORECASE)
_NO_MODULES = re.compile(r"\b(?:no|without|avoid|don't\s+use|do\s+not\s+use|not\s+use)\s+(?:extra\s+|external\s+|"
                         r"additional\s+|any\s+|custom\s+|terraform\s+)?modules\b", re.IGNORECASE)
_TF_FILE = re.compile(r"(?<![\w/.-])([\w-]+\.tf)\b")


def read_layout(st: Statement) -> Iterator[Requirement]:
    text = st.text
    if _SINGLE_FILE.search(text) and not _negated(text, _SINGLE_FILE.search(text).start()):
        yield Requirement("layout", "single_file", True, st.text, st.line, context=st.heading)
    if _NO_MODULES.search(text):
        yield Requirement("layout", "no_modules", True, st.text, st.line, context=st.heading)
    names = list(dict.fromkeys(_TF_FILE.findall(text)))
    if len(names) > 1 and re.search(r"\.tf\s+or\s+[\w-]+\.tf", text):
        names = []  # "main.tf or tap_stack.tf works": either name will do
    if names and ASKS.search(st.context) and strength(st) != "optional" and not re.search(
            r"\bno\s+extra\b|\bassume|\bwill\s+be\s+(?:provided|supplied|added|injected)", text, re.I) \
            and not EXISTING.search(text):
        for name in names:
            yield Requirement("file", name, name, st.text, st.line, context=st.heading)


_BACKEND = re.compile(r"\bs3\s+backend|\bbackend\s+(?:in|on|using)\s+s3|\bremote\s+state\s+in\s+s3|"
                      r"state\s+(?:file\s+)?(?:stored\s+)?in\s+(?:an\s+)?s3", re.IGNORECASE)
_LOCKING = re.compile(r"\bdynamodb\b[^.]{0,40}\block|\block(?:ing)?\b[^.]{0,40}\bdynamodb\b|state\s+locking",
                      re.IGNORECASE)


def read_backend(st: Statement) -> Iterator[Requirement]:
    text = st.text
    if _BACKEND.search(text) and strength(st) != "optional" and not re.search(
            r"\binject|\balready\b|\bdo\s+not\s+(?:add|include|define)|\bdon't\b", text, re.I):
        yield Requirement("backend", "s3", "locking" if _LOCKING.search(text) else "s3", st.text, st.line,
                          context=st.heading)


# ---------------------------------------------------------------- waivers

WAIVER_PATTERNS = {
    # Single AZ accepted: no finding may ask for high availability.
    "single-az": re.compile(
        r"\bsingle[\s-]?az\b[^.]{0,40}\b(?:is\s+)?(?:fine|ok|okay|acceptable|enough|sufficient|allowed)\b|"
        r"\b(?:one|a\s+single)\s+(?:availability\s+zone|az)\b[^.]{0,30}\b(?:is\s+)?(?:fine|ok|okay|acceptable|enough)\b|"
        r"\b(?:no\s+need\s+for|don't\s+need|do\s+not\s+need|not\s+required:?)\s+(?:a\s+)?(?:multi[\s-]?az|high\s+"
        r"availability)\b|\bmulti[\s-]?az\s+(?:is\s+)?(?:not\s+(?:required|needed)|unnecessary|optional)\b|"
        r"\bhigh\s+availability\s+(?:is\s+)?(?:not\s+(?:required|needed)|out\s+of\s+scope)\b",
        re.IGNORECASE),
    # The region is fixed by the task: writing it into the code is what was asked.
    "region-fixed": re.compile(
        r"\bregion\s+(?:is\s+)?(?:fixed|hard-?coded|pinned|locked)\b|\b(?:fixed|hard-?code(?:d)?|pin(?:ned)?)\s+"
        r"(?:the\s+)?region\b|\bregion\s+(?:must|should)\s+be\s+hard-?coded\b|\bhard-?code\s+[\w-]*\d\b",
        re.IGNORECASE),
    # Local state is what the task wants: no remote backend is asked for.
    "local-state": re.compile(
        r"\blocal\s+state\b|\bstate\s+(?:is\s+|stays\s+|kept\s+)?local(?:ly)?\b|\b(?:no|without(?:\s+a)?)\s+remote\s+"
        r"(?:state|backend)\b|\bno\s+backend\b|\bdon't\s+(?:configure|add)\s+(?:a\s+)?backend\b",
        re.IGNORECASE),
    # No modules: keeping everything in the root module is what was asked.
    "no-modules": _NO_MODULES,
}


def read_waivers(st: Statement) -> Iterator[Waiver]:
    for name, pattern in WAIVER_PATTERNS.items():
        m = pattern.search(st.text)
        if m is None:
            continue
        if name == "local-state" and re.search(r"\b(?:instead\s+of|not|never|avoid|replace|migrate\s+from|move\s+"
                                                r"(?:away\s+)?from)\s+(?:\w+\s+){0,2}local\s+state", st.text, re.I):
            continue  # "move from local state to S3", "not local state"
        yield Waiver(name, st.text, st.line)


# ---------------------------------------------------------------- helpers


_DESCRIPTIVE = re.compile(r"\b(?:currently|our\s+current|current\s+(?:setup|state|architecture)|today\s+we|we\s+"
                          r"(?:currently\s+)?have|we've\s+got|existing\s+(?:setup|stack|environment)|legacy)\b", re.IGNORECASE)


def strength(st: Statement) -> str:
    """must, should or optional, as the statement (and its lead-in) says; what exists today asks for nothing."""
    text = st.text
    if OPTIONAL.search(text) or _DESCRIPTIVE.search(text):
        return "optional"
    lead = st.lead
    if lead and OPTIONAL.search(lead):
        return "optional"
    if re.search(r"\bshould\b|\brecommend|\bprefer|\bideally\b", f"{lead} {text}", re.I):
        return "should"
    return "must"


def _existing(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40):start]
    after = text[end:end + 40]
    return bool(EXISTING.search(before)) or bool(re.match(r"\s*(?:that\s+)?(?:already|exists?|is\s+provided|passed\s+in"
                                                          r"|from\s+(?:a\s+)?(?:variable|data))", after, re.I))


READERS = (read_counts, read_forbidden, read_services, read_classes, read_engines, read_regions, read_cidrs, read_ports,
           read_retention, read_encryption, read_multi_az, read_tags, read_outputs, read_layout, read_backend)
