"""Filesystem functions: results inside the module tree; outside it nothing is read (unknown)."""

import hashlib
import os

import pytest

from iacreview.eval.errors import EvalError, LimitExceededError
from iacreview.eval.functions import CallContext, default_registry
from iacreview.eval.values import from_python, string_val

REGISTRY = default_registry()


@pytest.fixture
def tree(tmp_path):
    module = tmp_path / "module"
    (module / "templates" / "nested").mkdir(parents=True)
    (module / "hello.txt").write_text("Hello World")
    (module / "templates" / "a.tmpl").write_text("Hi ${name}")
    (module / "templates" / "b.json").write_text("{}")
    (module / "templates" / "nested" / "c.tmpl").write_text("c")
    (module / "binary.bin").write_bytes(b"\xff\xfe")
    (tmp_path / "outside.txt").write_text("secret")
    os.symlink(tmp_path / "outside.txt", module / "escape.txt")
    return module


def call(ctx, name, *args):
    return REGISTRY.call(name, [from_python(a) for a in args], ctx)


def test_file_reads_inside_the_tree(tree):
    ctx = CallContext(base_dir=tree)
    assert call(ctx, "file", "hello.txt").payload == "Hello World"
    assert call(ctx, "file", str(tree / "hello.txt")).payload == "Hello World"
    assert call(ctx, "filebase64", "hello.txt").payload == "SGVsbG8gV29ybGQ="
    assert call(ctx, "filemd5", "hello.txt").payload == hashlib.md5(b"Hello World").hexdigest()
    assert call(ctx, "filesha256", "hello.txt").payload == hashlib.sha256(b"Hello World").hexdigest()
    assert call(ctx, "filesha1", "hello.txt").payload == hashlib.sha1(b"Hello World").hexdigest()
    assert call(ctx, "filesha512", "hello.txt").payload == hashlib.sha512(b"Hello World").hexdigest()
    assert call(ctx, "filebase64sha256", "hello.txt").payload == "pZGm1Av0IEBKARczz7exkNYsZb8LzaMrV7J32a2fFG4="


@pytest.mark.parametrize("path", ["../outside.txt", "escape.txt", "/etc/passwd", "templates/../../outside.txt"])
def test_paths_outside_the_tree_are_never_read(tree, path):
    """Terraform reads any path; iacreview reads nothing outside the tree it was given, so the result
    is unknown (the file may well exist where Terraform runs), never its content and never an error."""
    ctx = CallContext(base_dir=tree)
    for name in ("file", "filebase64", "filesha256", "fileexists"):
        assert call(ctx, name, path).is_unknown, name


def test_a_path_outside_the_tree_that_exists_nowhere_is_terraforms_error(tree):
    ctx = CallContext(base_dir=tree)
    with pytest.raises(EvalError, match="no file exists"):
        call(ctx, "file", "../templates/never-written.sh")
    assert call(ctx, "fileexists", "../templates/never-written.sh").payload is False


def test_missing_and_binary_files(tree):
    ctx = CallContext(base_dir=tree)
    with pytest.raises(EvalError, match="no file exists"):
        call(ctx, "file", "missing.txt")
    with pytest.raises(EvalError, match="not valid UTF-8"):
        call(ctx, "file", "binary.bin")
    assert call(ctx, "fileexists", "hello.txt").payload is True
    assert call(ctx, "fileexists", "missing.txt").payload is False


def test_size_limit(tree):
    (tree / "big.txt").write_text("x" * 2048)
    ctx = CallContext(base_dir=tree, max_file_size=1024)
    with pytest.raises(LimitExceededError):
        call(ctx, "file", "big.txt")


def test_no_base_dir_means_no_file_access_and_an_unknown_result(tree):
    # Answers held in memory have no file tree: the file's content is not known, never read.
    result = call(CallContext(), "file", str(tree / "hello.txt"))
    assert result.is_unknown


def test_fileset(tree):
    ctx = CallContext(base_dir=tree)
    assert [v.payload for v in call(ctx, "fileset", "templates", "*.tmpl").payload] == ["a.tmpl"]
    assert [v.payload for v in call(ctx, "fileset", "templates", "**/*.tmpl").payload] == ["a.tmpl", "nested/c.tmpl"]
    assert [v.payload for v in call(ctx, "fileset", "templates", "*.{json,tmpl}").payload] == ["a.tmpl", "b.json"]
    assert call(ctx, "fileset", ".", "*.txt").type.type_expr() == "set(string)"
    assert [v.payload for v in call(ctx, "fileset", ".", "*.txt").payload] == ["hello.txt"]
    assert call(ctx, "fileset", "..", "*").is_unknown


def test_templatefile_renders_with_injected_callable(tree):
    def render(text, variables):
        return string_val(text.replace("${name}", variables["name"].payload))

    ctx = CallContext(base_dir=tree, render_template=render)
    assert call(ctx, "templatefile", "templates/a.tmpl", {"name": "Ann"}).payload == "Hi Ann"
    unknown = call(CallContext(base_dir=tree), "templatefile", "templates/a.tmpl", {"name": "Ann"})
    assert not unknown.is_known
    with pytest.raises(EvalError, match="invalid template variable name"):
        call(ctx, "templatefile", "templates/a.tmpl", {"1bad": "x"})


@pytest.mark.parametrize(
    "name, arg, want",
    [
        ("basename", "foo/bar/baz.txt", "baz.txt"),
        ("basename", "foo/", "foo"),
        ("basename", "", "."),
        ("dirname", "foo/bar/baz.txt", "foo/bar"),
        ("dirname", "baz.txt", "."),
        ("dirname", "/foo", "/"),
        ("pathexpand", "/etc/x", "/etc/x"),
    ],
)
def test_path_string_functions(name, arg, want):
    assert call(CallContext(), name, arg).payload == want


def test_pathexpand_uses_injected_home():
    assert call(CallContext(home_dir="/home/u"), "pathexpand", "~/.ssh/id_rsa").payload == "/home/u/.ssh/id_rsa"
    assert not call(CallContext(), "pathexpand", "~/.ssh/id_rsa").is_known


def test_abspath_resolves_against_base(tree):
    ctx = CallContext(base_dir=tree)
    assert call(ctx, "abspath", "a/../b").payload == str(tree.resolve() / "b")
    assert call(ctx, "abspath", "/x/./y").payload == "/x/y"
