"""What a human review item and one of our failures are about: the resources, types, arguments and services named.

Vocabulary alone pairs an item with a failure that shares words but not a
subject ("log file validation" with an invalid provider reference, ALB access
logs with S3 access logging). So `compare` also reads what each side names:
the same resource address, or the same type and argument, is strong evidence
of a match; a missing service the item names in its title matches our failure
that the service is missing; and when both sides name services and none is
shared, shared words are not enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from iacreview.rules.services import service_of, services_named, without_service_names

_ADDRESS = re.compile(r"\b((?:aws|random|tls|null)_[a-z0-9_]+)\.([A-Za-z_][\w-]*)")
_TYPE = re.compile(r"\b((?:aws|random|tls)_[a-z0-9]+(?:_[a-z0-9]+)+)\b")
_ARGUMENT = re.compile(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")
_NOT_ARGUMENTS = {"model_response", "ideal_response", "model_failures", "environment_suffix", "tap_stack"}
#: Our messages name a missing service as "required service <name>" (CMP001).
_REQUIRED_SERVICE = re.compile(r"required service (\w+)")
#: A title saying that something is not there at all.
_ABSENT = re.compile(r"\b(?:missing|absent|omitted|lacks?|lacking|not (?:implemented|created|included|defined|"
                     r"provisioned|present|deployed|configured))\b|^\W*no\s", re.IGNORECASE)
#: Failures that say a service or a feature is missing from the answer.
_MISSING_RULES = ("CMP001", "CMP002")


@dataclass(frozen=True)
class Subject:
    addresses: frozenset[str]
    types: frozenset[str]
    arguments: frozenset[str]
    services: frozenset[str]


def subject_of_text(text: str, prose_services: bool = True) -> Subject:
    """What a text names: resource addresses, types, argument names, and services (of the types, and,
    for a human's prose, by name)."""
    found = _ADDRESS.findall(text)
    addresses = {f"{t}.{n}" for t, n in found}
    names = {n for _, n in found}
    types = set(_TYPE.findall(text)) | {t for t, _ in found}  # aws_instance.main names aws_instance too
    arguments = {a for a in _ARGUMENT.findall(text) if not a.startswith(("aws_", "random_", "tls_", "null_"))
                 and a not in _NOT_ARGUMENTS and a not in names}
    services = {service_of(t) for t in types if t.startswith("aws_")}
    if prose_services:
        services |= services_named(text)
    return Subject(frozenset(addresses), frozenset(types), frozenset(arguments), frozenset(services))


def subject_of_failure(failure: dict[str, Any]) -> Subject:
    """What our failure names in its message and address (our titles are generic: they name no resource)."""
    message = f"{failure.get('message', '')} {failure.get('address') or ''}"
    found = subject_of_text(message, prose_services=False)
    required = set(_REQUIRED_SERVICE.findall(message))
    return Subject(found.addresses, found.types, found.arguments, found.services | required)


def anchor_score(ours: Subject, theirs: Subject, common_words: int) -> float:
    """Naming the same resource address is a match; the same type and argument nearly one; a type alone
    counts only beside a shared word."""
    if ours.addresses & theirs.addresses and common_words:
        return 0.9
    if ours.types & theirs.types and ours.arguments & theirs.arguments and common_words >= 2:
        return 0.6
    if ours.types & theirs.types and common_words >= 2:
        return 0.3
    return 0.0


def missing_service_score(rule: str, ours: Subject, title: str) -> float:
    """A title saying a service is missing ("CloudTrail Completely Missing", "Missing VPC Flow Logs") matches
    our failure that it is, when the title names nothing else: "Missing IAM Policy for Secrets Manager
    Access" is about a policy, not about Secrets Manager missing."""
    if rule not in _MISSING_RULES or not _ABSENT.search(title):
        return 0.0
    named = services_named(title)
    if not ours.services & named:
        return 0.0
    ours_words = {w for t in ours.types for w in t.split("_")[1:]} | set(ours.services)
    rest = [w for w in (_singular(w) for w in re.findall(r"[a-z0-9]+", without_service_names(title)))
            if w not in _TITLE_FILLER and w not in ours_words]
    return 0.6 if not rest else 0.0


def object_words(failure: dict[str, Any]) -> str:
    """The words that only name what a failure sits on (aws_s3_bucket.logs: "s3 bucket"), not what is wrong."""
    address = str(failure.get("address") or "")
    found = _ADDRESS.findall(address)
    return " ".join(w for rtype, _ in found[-1:] for w in rtype.split("_")[1:])


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


#: Words a "this service is missing" title wraps the service's name in.
_TITLE_FILLER = {"missing", "absent", "omitted", "lack", "lacks", "lacking", "no", "not", "implemented", "created",
                 "included", "defined", "provisioned", "present", "deployed", "configured", "completely", "entirely",
                 "totally", "is", "are", "the", "a", "an", "of", "and", "aws", "amazon", "service", "setup",
                 "configuration", "implementation", "integration", "resource", "at", "all"}


def different_subjects(ours: Subject, title: str) -> bool:
    """Our failure and the item's title name services, and none is shared: whatever words the item
    shares with the failure, it speaks of something else ("ALB Access Logs Issue" and S3 access logging)."""
    named = services_named(title)
    return bool(ours.services) and bool(named) and not ours.services & named
