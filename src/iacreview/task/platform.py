"""Which IaC platform and language an answer uses, and which the task asked for.

A wrong platform or language is the worst failure an answer can have
(DESIGN.md: critical), so the review compares three views:

- the answer's code: imports (`aws-cdk-lib`, `cdktf`, `@pulumi/aws`,
  `import pulumi`), template markers (`AWSTemplateFormatVersion`,
  `Type: AWS::…`), Terraform blocks (`resource "aws_…"`), fence languages,
  and, only when an answer has no code, the words of its prose;
- the task's metadata (`platform`/`language` codes, see `metadata`);
- the prompt's words ("Platform: Terraform", "AWS CDK with TypeScript").

Platforms and languages use the metadata's short codes: platforms `tf`,
`cdk`, `cdktf`, `pulumi`, `cfn`; languages `hcl`, `ts`, `js`, `py`, `go`,
`java`, `yaml`, `json`.

Confidence is the winner's share of all platform evidence, scaled down while
the evidence is thin (a weight under 3, roughly three imports or blocks), and
halved when it comes from prose rather than code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from iacreview.task.languages import HCL, short_code
from iacreview.task.roles import Role

if TYPE_CHECKING:
    from iacreview.task.answer import Answer, ExtractedFile

PLATFORMS = ("tf", "cdk", "cdktf", "pulumi", "cfn")
LANGUAGES = ("hcl", "ts", "js", "py", "go", "java", "yaml", "json")
DEFAULT_LANGUAGE = {"tf": "hcl"}

_ROLE_FACTOR = {Role.CODE: 1.0, Role.TEST: 0.5, Role.DOC: 0.25}
_SATURATION_WEIGHT = 3.0
_MAX_EVIDENCE = 8
_MAX_MATCHES_PER_SIGNAL = 3


@dataclass(frozen=True)
class PlatformGuess:
    """A platform/language judgement with its confidence (0–1) and the evidence for it."""

    platform: str | None
    language: str | None
    confidence: float
    evidence: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.platform is not None


UNKNOWN = PlatformGuess(None, None, 0.0, ())


@dataclass(frozen=True)
class _Signal:
    platform: str
    pattern: re.Pattern[str]
    weight: float
    what: str
    language: str | None = None
    """Language the signal proves by itself; None: take the language of the code it is in."""


def _signal(platform: str, regex: str, weight: float, what: str, language: str | None = None, flags: int = re.MULTILINE) -> _Signal:
    return _Signal(platform, re.compile(regex, flags), weight, what, language)


_CODE_SIGNALS: tuple[_Signal, ...] = (
    _signal("cdktf", r"""from\s+['"]cdktf['"]|require\(\s*['"]cdktf['"]\s*\)|['"]@cdktf/provider-""", 3, "imports cdktf"),
    _signal("cdktf", r"^\s*(?:from\s+cdktf\b|import\s+cdktf\b|from\s+cdktf_cdktf_provider_\w+|from\s+imports\.aws\b)", 3, "imports cdktf", "py"),
    _signal("cdktf", r"github\.com/hashicorp/terraform-cdk-go/cdktf", 3, "imports cdktf", "go"),
    _signal("cdktf", r"\bcom\.hashicorp\.cdktf\b", 3, "imports cdktf", "java"),
    _signal("cdktf", r"\bextends\s+TerraformStack\b|\(\s*TerraformStack\s*\)|\bTerraformStack\.__init__", 2, "defines a TerraformStack"),
    _signal("cdk", r"""['"]aws-cdk-lib(?:/[\w-]+)?['"]|['"]@aws-cdk/[\w-]+['"]""", 3, "imports aws-cdk-lib"),
    _signal("cdk", r"^\s*(?:from\s+aws_cdk\b|import\s+aws_cdk\b)", 3, "imports aws_cdk", "py"),
    _signal("cdk", r"github\.com/aws/aws-cdk-go/awscdk", 3, "imports awscdk", "go"),
    _signal("cdk", r"\bsoftware\.amazon\.awscdk\b", 3, "imports awscdk", "java"),
    _signal("pulumi", r"""['"]@pulumi/[\w-]+['"]""", 3, "imports @pulumi"),
    _signal("pulumi", r"^\s*(?:import\s+pulumi(?:_\w+)?\b|from\s+pulumi(?:_\w+)?\b)", 3, "imports pulumi", "py"),
    _signal("pulumi", r"github\.com/pulumi/pulumi(?:-aws)?/", 3, "imports pulumi", "go"),
    _signal("pulumi", r"\bcom\.pulumi\.", 3, "imports com.pulumi", "java"),
    _signal("cfn", r"^\s*AWSTemplateFormatVersion\s*:|\"AWSTemplateFormatVersion\"\s*:", 4, "AWSTemplateFormatVersion"),
    _signal("cfn", r"^\s+Type:\s*['\"]?AWS::\w+::\w+", 1, "a Type: AWS:: resource", "yaml"),
    _signal("cfn", r"\"Type\"\s*:\s*\"AWS::\w+::\w+\"", 1, "a \"Type\": \"AWS::\" resource", "json"),
    _signal("tf", r'^\s*resource\s+"[a-z0-9]+_[\w-]+"\s+"[\w-]+"\s*\{', 1, "a resource block", "hcl"),
    _signal("tf", r'^\s*(?:terraform\s*\{|provider\s+"[\w-]+"\s*\{)', 1, "a terraform/provider block", "hcl"),
)

_SHELL_SIGNALS: tuple[_Signal, ...] = (
    _signal("tf", r"^\s*(?:\$\s*)?terraform\s+(?:init|plan|apply|validate)\b", 0.5, "runs terraform"),
    _signal("cdktf", r"^\s*(?:\$\s*)?(?:npx\s+)?cdktf\s+(?:deploy|synth|get|init)\b", 0.5, "runs cdktf"),
    _signal("cdk", r"^\s*(?:\$\s*)?(?:npx\s+)?cdk\s+(?:deploy|synth|bootstrap|diff)\b", 0.5, "runs cdk"),
    _signal("pulumi", r"^\s*(?:\$\s*)?pulumi\s+(?:up|preview|stack|new|config)\b", 0.5, "runs pulumi"),
    _signal("cfn", r"\baws\s+cloudformation\s+(?:deploy|create-stack|validate-template)\b", 0.5, "runs aws cloudformation"),
)

_I = re.IGNORECASE | re.MULTILINE
_PROSE_PLATFORMS: tuple[_Signal, ...] = (
    _signal("cdktf", r"\bcdktf\b|\bcdk[\s-]+for[\s-]+terraform\b|\bcdk-tf\b", 1, "mentions CDKTF", flags=_I),
    _signal("cdk", r"\b(?:aws\s+)?cdk\b(?![\s-]+for[\s-]+terraform|-tf\b)|\bcloud\s+development\s+kit\b", 1, "mentions AWS CDK", flags=_I),
    _signal("pulumi", r"\bpulumi\b", 1, "mentions Pulumi", flags=_I),
    _signal("cfn", r"\bcloud\s*formation\b|\bcfn\b", 1, "mentions CloudFormation", flags=_I),
    _signal("tf", r"(?<!for\s)\bterraform\b(?![\s-]+cdk)|\bhcl\b", 1, "mentions Terraform", flags=_I),
)
_PROSE_LANGUAGES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ts", re.compile(r"\btypescript\b|(?:\bwith|\bin|\busing|language:?\**)\s+\**ts\b", _I)),
    ("js", re.compile(r"\bjavascript\b|\bnode\.?js\b", _I)),
    ("py", re.compile(r"\bpython\b|(?:\bwith|\bin|\busing|language:?\**)\s+\**py\b", _I)),
    ("go", re.compile(r"(?i:\bgolang\b|\bgo\s+(?:language|lang|module|modules|code|program|sdk)\b|(?:\bwith|\bin|\busing|language:?\**)\s+\**go\b)|\bGo\b(?!\s+to\b)", re.MULTILINE)),
    ("java", re.compile(r"\bjava\b(?!script)", _I)),
    ("yaml", re.compile(r"\byaml\b|\byml\b", _I)),
    ("json", re.compile(r"\bjson\b", _I)),
    ("hcl", re.compile(r"\bhcl\b", _I)),
)
_BUILT_ON = {"cdktf": "tf", "cdk": "cfn"}
"""A text about a tool names the platform it builds on (CDKTF runs Terraform, CDK
synthesises CloudFormation); when the tool is mentioned at least half as often,
those mentions count for the tool."""
_TERRAFORM_JSON = re.compile(r"\.tf\.json\b|\bterraform\s+json\b|\bjson\s+configuration\s+syntax\b", _I)
_EXPLICIT = re.compile(r"^[\s>*_#-]*(platform|language)\**\s*[:=]\**\s*(.+)$", _I)
_NEAR_CHARS = 40
_EXPLICIT_WEIGHT = 5.0
_NEAR_FACTOR = 3.0

_PLATFORM_WORDS = {
    "tf": "tf", "terraform": "tf", "hcl": "tf", "cdk": "cdk", "aws cdk": "cdk", "cdktf": "cdktf",
    "cdk for terraform": "cdktf", "pulumi": "pulumi", "cfn": "cfn", "cloudformation": "cfn",
}
_LANGUAGE_WORDS = {
    "hcl": "hcl", "ts": "ts", "typescript": "ts", "js": "js", "javascript": "js", "py": "py", "python": "py",
    "go": "go", "golang": "go", "java": "java", "yaml": "yaml", "yml": "yaml", "json": "json",
}


class _Tally:
    """Weights per platform and per (platform, language), with the evidence lines."""

    def __init__(self) -> None:
        self.platforms: dict[str, float] = defaultdict(float)
        self.languages: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.evidence: dict[str, list[str]] = defaultdict(list)

    def add(self, platform: str, language: str | None, weight: float, evidence: str) -> None:
        self.platforms[platform] += weight
        if language is not None:
            self.languages[platform][language] += weight
        if evidence not in self.evidence[platform]:
            self.evidence[platform].append(evidence)

    def verdict(self, scale: float = 1.0) -> PlatformGuess:
        if not self.platforms:
            return UNKNOWN
        total = sum(self.platforms.values())
        platform, weight = max(self.platforms.items(), key=lambda item: (item[1], -PLATFORMS.index(item[0])))
        languages = self.languages.get(platform)
        language = max(languages.items(), key=lambda item: item[1])[0] if languages else DEFAULT_LANGUAGE.get(platform)
        confidence = (weight / total) * min(1.0, weight / _SATURATION_WEIGHT) * scale
        return PlatformGuess(platform, language, round(confidence, 2), tuple(self.evidence[platform][:_MAX_EVIDENCE]))


def detect_code_platform(pieces: Iterable[tuple[str | None, str, str, Role]]) -> PlatformGuess:
    """Platform of code given as (name, language, text, role) pieces; UNKNOWN without evidence."""
    tally = _Tally()
    for name, lang, text, role in pieces:
        factor = _ROLE_FACTOR[role]
        label = name or f"{lang} block"
        code_language = short_code(lang)
        signals = _SHELL_SIGNALS if lang == "bash" else _CODE_SIGNALS
        for signal in signals:
            if signal.language is not None and code_language not in (None, signal.language):
                continue
            language = signal.language or (code_language if lang != "bash" else None)
            for count, match in enumerate(signal.pattern.finditer(text)):
                if count == _MAX_MATCHES_PER_SIGNAL:
                    break
                line = text.count("\n", 0, match.start()) + 1
                tally.add(signal.platform, language, signal.weight * factor, f"{label}:{line}: {signal.what}")
        if lang == HCL and role is not Role.DOC:
            tally.add("tf", "hcl", 0.5 * factor, f"{label}: HCL code")
    return tally.verdict()


def detect_text_platform(text: str, scale: float = 1.0) -> PlatformGuess:
    """Platform and language a text asks for or talks about (prompts, prose answers).

    Explicit lines (`Platform: Terraform`, `- **Language**: TypeScript`) weigh
    most; otherwise mentions are counted, and a language word within a few
    characters of a platform word ("AWS CDK with TypeScript") counts up to
    three times as much, the closer the more.
    Terraform is HCL unless the text asks for Terraform's JSON syntax.
    """
    tally = _Tally()
    explicit_platform: str | None = None
    explicit_language: str | None = None
    for line in text.splitlines():
        match = _EXPLICIT.match(line)
        if match is None:
            continue
        value = re.sub(r"[*_`]", "", match.group(2)).strip().lower()
        if match.group(1).lower() == "platform":
            explicit_platform = explicit_platform or _lookup(value, _PLATFORM_WORDS)
        else:
            explicit_language = explicit_language or _lookup(value, _LANGUAGE_WORDS)
    if explicit_platform:
        tally.add(explicit_platform, explicit_language, _EXPLICIT_WEIGHT, f"says platform {explicit_platform}")
    platform_spans: list[tuple[int, int, str]] = []
    for signal in _PROSE_PLATFORMS:
        for match in signal.pattern.finditer(text):
            platform_spans.append((match.start(), match.end(), signal.platform))
            tally.add(signal.platform, None, signal.weight, signal.what)
    for language, pattern in _PROSE_LANGUAGES:
        for match in pattern.finditer(text):
            for start, end, platform in platform_spans:
                gap = max(start - match.end(), match.start() - end, 0)
                nearness = _NEAR_FACTOR * (1 - gap / (_NEAR_CHARS + 1)) if gap <= _NEAR_CHARS else 0.0
                tally.languages[platform][language] += max(nearness, 0.2)
    if explicit_platform and explicit_language:
        tally.languages[explicit_platform][explicit_language] += _EXPLICIT_WEIGHT * 2
    for tool, base in _BUILT_ON.items():
        tool_weight, base_weight = tally.platforms.get(tool, 0.0), tally.platforms.get(base, 0.0)
        if tool_weight and base_weight and tool_weight * 2 >= base_weight:
            tally.platforms[tool] += tally.platforms.pop(base)
    guess = tally.verdict(scale)
    if guess.platform == "tf":
        language = "json" if _TERRAFORM_JSON.search(text) else "hcl"
        guess = PlatformGuess("tf", language, guess.confidence, guess.evidence)
    return guess


def _lookup(value: str, words: dict[str, str]) -> str | None:
    for word in sorted(words, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", value):
            return words[word]
    return None


def detect_answer_platform(answer: Answer) -> PlatformGuess:
    """Platform of an answer: its code first, the words of its prose when it has no code.

    When the code shows the platform but not the language (snippets without
    imports, or only `pulumi up` in a shell block), the language is that of
    the answer's largest body of code fit for the platform, else what its
    prose says.
    """
    files = [*answer.files.values(), *answer.unnamed]
    guess = detect_code_platform((file.name, file.lang, file.text, file.role) for file in files)
    if guess.known and guess.language is not None:
        return guess
    prose = detect_text_platform(answer.answer_text, scale=0.5) if answer.answer_text else UNKNOWN
    if not guess.known:
        return prose
    language = _dominant_language(guess.platform, files)
    if language is None and prose.platform == guess.platform:
        language = prose.language
    return PlatformGuess(guess.platform, language, guess.confidence, guess.evidence)


_PLATFORM_LANGUAGES = {
    "tf": ("hcl", "json"), "cfn": ("yaml", "json"),
    "cdk": ("ts", "js", "py", "go", "java"), "cdktf": ("ts", "js", "py", "go", "java"),
    "pulumi": ("ts", "js", "py", "go", "java"),
}


def _dominant_language(platform: str | None, files: list[ExtractedFile]) -> str | None:
    sizes: dict[str, int] = defaultdict(int)
    for file in files:
        code = short_code(file.lang)
        if file.role is Role.CODE and code in _PLATFORM_LANGUAGES.get(platform or "", ()):
            sizes[code] += len(file.text)
    return max(sizes.items(), key=lambda item: item[1])[0] if sizes else None


@dataclass(frozen=True)
class Mismatch:
    """One disagreement between two views of a task's platform or language."""

    field: str
    left: str
    left_value: str
    right: str
    right_value: str

    def __str__(self) -> str:
        return f"{self.field}: {self.left} says {self.left_value!r}, {self.right} says {self.right_value!r}"


@dataclass(frozen=True)
class PlatformComparison:
    """Whether answer, metadata and prompt agree on platform and language."""

    answer: PlatformGuess
    metadata: tuple[str | None, str | None]
    prompt: PlatformGuess
    mismatches: tuple[Mismatch, ...] = field(default=())

    @property
    def agree(self) -> bool:
        return not self.mismatches

    def answer_mismatches(self) -> tuple[Mismatch, ...]:
        """Disagreements involving the answer (the ones that make it a wrong-platform answer)."""
        return tuple(m for m in self.mismatches if m.left == "answer")


def compare_platforms(
    answer: PlatformGuess, metadata: tuple[str | None, str | None], prompt: PlatformGuess
) -> PlatformComparison:
    """Compare the three views pairwise; unknown values never count as a mismatch."""
    views = [
        ("answer", answer.platform, answer.language),
        ("metadata", metadata[0], metadata[1]),
        ("prompt", prompt.platform, prompt.language),
    ]
    mismatches: list[Mismatch] = []
    for index, (left, left_platform, left_language) in enumerate(views):
        for right, right_platform, right_language in views[index + 1:]:
            if left_platform and right_platform and left_platform != right_platform:
                mismatches.append(Mismatch("platform", left, left_platform, right, right_platform))
            elif left_language and right_language and left_language != right_language:
                mismatches.append(Mismatch("language", left, left_language, right, right_language))
    return PlatformComparison(answer, metadata, prompt, tuple(mismatches))
