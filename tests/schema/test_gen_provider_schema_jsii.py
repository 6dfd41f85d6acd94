"""scripts/gen_provider_schema_jsii.py maps a jsii assembly the way cdktn generates one.

The fixture is a hand-made assembly in the real jsii shape (classes, Config
structs, OutputReference classes, registry docs links), first alone, then with
the compiled JavaScript that ships beside it in a `.jsii.tgz`.
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent.parent / "scripts" / "gen_provider_schema_jsii.py"
DOCS = "https://registry.terraform.io/providers/hashicorp/demo/1.2.3/docs"


def _load():
    spec = importlib.util.spec_from_file_location("gen_provider_schema_jsii", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_provider_schema_jsii", module)
    spec.loader.exec_module(module)
    return module


gen = _load()


def _prop(name, type_, link=None, optional=False, **extra):
    docs = {"summary": f"{name} docs."}
    if link:
        docs["remarks"] = f"Docs at Terraform Registry: {{@link {DOCS}/{link} {link.rsplit('/', 1)[-1]}}}"
    out = {"name": name, "type": type_, "docs": docs, "abstract": True, "immutable": True, **extra}
    if optional:
        out["optional"] = True
    return out


def _struct(fqn, props, meta=False):
    out = {"fqn": fqn, "kind": "interface", "datatype": True, "name": fqn.rsplit(".", 1)[-1], "properties": props,
           "locationInModule": {"filename": "src/widget/index.ts"}, "docs": {}}
    if meta:
        out["interfaces"] = ["cdktn.TerraformMetaArguments"]
    return out


def _class(fqn, base, config, props, summary):
    return {"fqn": fqn, "kind": "class", "base": base, "name": fqn.rsplit(".", 1)[-1], "docs": {"summary": summary},
            "locationInModule": {"filename": "src/widget/index.ts"}, "properties": props,
            "initializer": {"parameters": [{"name": "scope", "type": {"fqn": "constructs.Construct"}},
                                           {"name": "id", "type": {"primitive": "string"}},
                                           {"name": "config", "type": {"fqn": config}}]}}


STR, NUM = {"primitive": "string"}, {"primitive": "number"}
BOOL = {"union": {"types": [{"primitive": "boolean"}, {"fqn": "cdktn.IResolvable"}]}}
P = "@cdktn/provider-demo."


def assembly_types() -> dict:
    rule_list = {"union": {"types": [{"fqn": "cdktn.IResolvable"},
                                     {"collection": {"kind": "array", "elementtype": {"fqn": P + "widget.WidgetRule"}}}]}}
    types = [
        _class(P + "provider.DemoProvider", "cdktn.TerraformProvider", P + "provider.DemoProviderConfig", [],
               f"Represents a {{@link {DOCS} demo}}."),
        _struct(P + "provider.DemoProviderConfig", [_prop("region", STR, "#region", True),
                                                    _prop("alias", STR, "#alias", True)]),
        _class(P + "widget.Widget", "cdktn.TerraformResource", P + "widget.WidgetConfig", [
            {"name": "tfResourceType", "static": True, "const": True, "type": STR},
            {"name": "arn", "type": STR},
            {"name": "name", "type": STR},
            {"name": "nameInput", "type": STR, "optional": True},
            {"name": "rule", "type": {"fqn": P + "widget.WidgetRuleList"}},
            {"name": "hasSecret", "type": {"fqn": "cdktn.IResolvable"}},
            {"name": "secretWo", "type": STR, "docs": {"deprecated": "Write-only: the provider never returns it"}},
        ], f"Represents a {{@link {DOCS}/resources/widget demo_widget}}."),
        _struct(P + "widget.WidgetConfig", [
            _prop("name", STR, "resources/widget#name"),
            _prop("fetchPasswordData", BOOL, "resources/widget#get_password_data", True),
            _prop("tags", {"collection": {"kind": "map", "elementtype": STR}}, "resources/widget#tags", True),
            _prop("ports", {"collection": {"kind": "array", "elementtype": NUM}}, "resources/widget#ports", True),
            _prop("rule", rule_list, "resources/widget#rule", True),
            _prop("settings", {"fqn": P + "widget.WidgetSettings"}, "resources/widget#settings"),
            _prop("extraThing", {"primitive": "any"}, None, True),
            {**_prop("statement", {"primitive": "any"}, "resources/widget#statement", True),
             "docs": {"summary": "statement block.", "remarks": f"{{@link {DOCS}/resources/widget#statement x}}"}},
            _prop("secretWo", STR, "resources/widget#secret_wo", True),
        ], meta=True),
        _struct(P + "widget.WidgetRule", [_prop("action", STR, "resources/widget#action"),
                                          _prop("priority", NUM, "resources/widget#priority", True)]),
        {"fqn": P + "widget.WidgetRuleOutputReference", "kind": "class", "base": "cdktn.ComplexObject",
         "name": "WidgetRuleOutputReference", "locationInModule": {"filename": "src/widget/index.ts"},
         "properties": [{"name": "action", "type": STR}, {"name": "actionInput", "type": STR, "optional": True},
                        {"name": "ruleId", "type": STR}, {"name": "internalValue", "type": STR}]},
        {"fqn": P + "widget.WidgetRuleList", "kind": "class", "base": "cdktn.ComplexList", "name": "WidgetRuleList",
         "properties": []},
        _struct(P + "widget.WidgetSettings", [_prop("mode", STR, "resources/widget#mode", True)]),
        _class(P + "dataDemoThing.DataDemoThing", "cdktn.TerraformDataSource", P + "dataDemoThing.DataDemoThingConfig",
               [{"name": "value", "type": NUM}],
               f"Represents a {{@link {DOCS}/data-sources/thing demo_thing}}."),
        _struct(P + "dataDemoThing.DataDemoThingConfig", [_prop("name", STR, "data-sources/thing#name")], meta=True),
        _class(P + "flowLog.FlowLog", "cdktn.TerraformResource", P + "flowLog.FlowLogConfig", [],
               f"Represents a {{@link {DOCS}/resources/flow_log}}."),
        _struct(P + "flowLog.FlowLogConfig", [], meta=True),
    ]
    return {t["fqn"]: t for t in types}


README = "# CDKTN prebuilt bindings for hashicorp/demo provider version 1.2.3\n"
JS = """class WidgetRuleOutputReference extends cdktn.ComplexObject {
    // action - computed: false, optional: false, required: true
    get action() {
        return this.getStringAttribute('action');
    }
    // priority - computed: false, optional: true, required: false
    get priority() {
        return this.getNumberAttribute('priority');
    }
    // rule_id - computed: true, optional: false, required: false
    get ruleId() {
        return this.getStringAttribute('rule_id');
    }
}
class Widget extends cdktn.TerraformResource {
    static tfResourceType = "demo_widget_from_js";
    // arn - computed: true, optional: false, required: false
    get arn() {
        return this.getStringAttribute('arn');
    }
    // has_secret - computed: true, optional: false, required: false
    get hasSecret() {
        return this.getBooleanAttribute('has_secret');
    }
    // tags - computed: true, optional: true, required: false
    get tags() {
        return this.getStringMapAttribute('tags');
    }
    // ports - computed: false, optional: true, required: false
    get ports() {
        return cdktn.Fn.tolist(this.getNumberListAttribute('ports'));
    }
    // name - computed: false, optional: false, required: true
    get name() {
        return this.getStringAttribute('name');
    }
    // get_password_data - computed: false, optional: true, required: false
    get fetchPasswordData() {
        return this.getBooleanAttribute('get_password_data');
    }
    // extra_thing - computed: false, optional: true, required: false
    get extraThing() {
        return this.interpolationForAttribute('extra_thing');
    }
    // statement - computed: false, optional: true, required: false
    get statement() {
        return this.interpolationForAttribute('statement');
    }
    // secret_wo - computed: false, optional: true, required: false
    get secretWo() {
        return this.getStringAttribute('secret_wo');
    }
    synthesizeHclAttributes() {
        const attrs = {
            ports: {
                value: cdktn.listMapperHcl(cdktn.numberToHclTerraform, false)(this._ports),
                isBlock: false,
                type: "set",
                storageClassType: "numberList",
            },
            rule: {
                value: cdktn.listMapperHcl(widgetRuleToHclTerraform, true)(this._rule.internalValue),
                isBlock: true,
                type: "set",
                storageClassType: "WidgetRuleList",
            },
            settings: {
                value: widgetSettingsToHclTerraform(this._settings.internalValue),
                isBlock: true,
                type: "struct",
                storageClassType: "WidgetSettings",
            },
        };
    }
}
"""


def _assembly(js: bool) -> "gen.Assembly":
    jsii = {"name": "@cdktn/provider-demo", "version": "9.9.9", "types": assembly_types()}
    return gen.Assembly(jsii, {"lib/widget/index.js": JS} if js else {}, README, "cdktn-provider-demo", "9.9.9")


def _doc(js: bool) -> dict:
    doc, _stats = gen.compact_assembly(_assembly(js))
    return doc


def _resource(doc: dict, name: str) -> dict:
    return json.loads(doc["resource"][name])


def test_names_come_from_the_docs_links_and_the_type_from_the_class_link():
    doc = _doc(js=False)
    assert sorted(doc["resource"]) == ["demo_flow_log", "demo_widget"]  # label, then the link's path
    widget = _resource(doc, "demo_widget")
    assert "get_password_data" in widget["a"] and "fetch_password_data" not in widget["a"]
    assert widget["a"]["name"] == ["string", "R"]
    assert widget["a"]["get_password_data"] == ["bool", "O"]
    assert widget["a"]["tags"] == [["map", "string"], "O"]
    assert widget["a"]["extra_thing"] == ["dynamic", "O"]  # no link: derived from camelCase


def test_a_block_cdktn_types_as_any_is_opaque():
    doc = _doc(js=False)
    assert _resource(doc, "demo_widget")["a"]["statement"] == [["list", ["object", {}]], "O"]
    assert doc["opaque"] == {"resource": {"demo_widget": ["statement"]}}


def test_nested_blocks_single_and_list_and_their_read_only_attributes():
    widget = _resource(_doc(js=False), "demo_widget")
    assert widget["b"]["settings"][:3] == ["list", 1, 1]  # a required struct: min 1, max 1
    assert widget["b"]["settings"][3] == {"a": {"mode": ["string", "O"]}}
    rule = widget["b"]["rule"]
    assert rule[:3] == ["list", 0, 0]
    assert rule[3]["a"] == {"action": ["string", "R"], "priority": ["number", "O"], "rule_id": ["string", "C"]}


def test_read_only_getters_are_computed_and_configured_ones_are_not_repeated():
    widget = _resource(_doc(js=False), "demo_widget")
    assert widget["a"]["arn"] == ["string", "C"]
    assert "name_input" not in widget["a"] and "rule" not in widget["a"]
    assert widget["a"]["secret_wo"] == ["string", "OW"]


def test_data_sources_provider_config_and_metadata():
    doc = _doc(js=False)
    assert json.loads(doc["data"]["demo_thing"]) == {"a": {"name": ["string", "R"], "value": ["number", "C"]}}
    assert json.loads(doc["config"]) == {"a": {"region": ["string", "O"]}}  # alias is a meta-argument
    meta = doc["provider"]
    assert (meta["name"], meta["version"], meta["source"]) == ("demo", "1.2.3", "registry.terraform.io/hashicorp/demo")
    assert (meta["package"], meta["package_version"]) == ("cdktn-provider-demo", "9.9.9")
    assert doc["counts"] == {"resource": 2, "data": 1, "ephemeral": 0}
    assert doc["knows"]["deprecation"] is False and doc["knows"]["sensitive"] is False


def test_the_compiled_javascript_refines_computed_sets_and_single_blocks():
    doc = _doc(js=True)
    widget = _resource(doc, "demo_widget_from_js")  # the tfResourceType constant wins
    assert widget["a"]["tags"] == [["map", "string"], "OC"]
    assert widget["a"]["ports"] == [["set", "number"], "O"]
    assert widget["a"]["has_secret"] == ["bool", "C"]  # jsii says only IResolvable
    assert widget["b"]["rule"][0] == "set"
    assert widget["b"]["settings"][:3] == ["single", 0, 0]


def test_the_provider_version_must_agree_with_the_docs_links():
    assembly = _assembly(js=False)
    assembly.readme = "# CDKTN prebuilt bindings for hashicorp/demo provider version 1.2.4\n"
    with pytest.raises(SystemExit):
        gen.provider_identity(assembly)


def test_reads_a_wheel_with_a_compressed_assembly_behind_a_redirect(tmp_path):
    jsii = json.dumps({"name": "@cdktn/provider-demo", "version": "9.9.9", "types": assembly_types()}).encode()
    redirect = json.dumps({"schema": "jsii/file-redirect", "compression": "gzip", "filename": ".jsii.gz"}).encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in ((".jsii", redirect), (".jsii.gz", gzip.compress(jsii)), ("README.md", README.encode()),
                           ("lib/widget/index.js", JS.encode())):
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    wheel = tmp_path / "cdktn_provider_demo-9.9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("cdktn_provider_demo/_jsii/provider-demo@9.9.9.jsii.tgz", buf.getvalue())
    assembly = gen.read_wheel(wheel)
    assert (assembly.package, assembly.package_version) == ("cdktn-provider-demo", "9.9.9")
    doc, _ = gen.compact_assembly(assembly)
    assert "demo_widget_from_js" in doc["resource"]


def test_compare_counts_identical_names_and_ignores_region():
    ours = {"resource": {"x": json.dumps({"a": {"a": ["string", "R"], "region": ["string", "OC"]}})}}
    truth = {"resource": {"x": json.dumps({"a": {"a": ["string", "R"]}})}}
    result = gen.compare(ours, truth)
    assert (result["compared"], result["same_names"], result["same_but_new"], result["same_required"]) == (1, 0, 1, 1)


def test_without_the_generators_comments_computed_is_known_only_in_part():
    legacy = JS.replace("    // tags - computed: true, optional: true, required: false\n", "")
    legacy = legacy.replace("    // ports - computed: false, optional: true, required: false\n", "")
    assembly = _assembly(js=True)
    assembly.js = {"lib/widget/index.js": legacy}
    doc, _ = gen.compact_assembly(assembly)
    widget = _resource(doc, "demo_widget_from_js")
    assert widget["a"]["tags"] == [["map", "string"], "O"]
    assert doc["knows"]["computed"] == "partial"
    assert _doc(js=True)["knows"]["computed"] is True
