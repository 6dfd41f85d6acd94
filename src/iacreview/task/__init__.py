"""Task folders, the code inside markdown answers, and platform detection.

This layer turns what dataset builders have into what the review needs. It
reads; it never writes unless asked (`write_files`), and it never raises on
bad content: every defect is a `TaskProblem` on `Task.problems` (and on the
`Answer` it belongs to).

Loading
-------
`load_task(path, ideal=None)` accepts a task folder, a directory of `.tf`
files, a markdown answer or a single `.tf` file::

    >>> from iacreview.task import load_task
    >>> task = load_task("corpus/tasks/tf-hcl/Pr1202")          # doctest: +SKIP
    >>> task.id, task.metadata.platform, task.metadata.language  # doctest: +SKIP
    ('Pr1202', 'tf', 'hcl')
    >>> sorted(task.model.hcl_files())                           # doctest: +SKIP
    ['main.tf', 'outputs.tf', 'variables.tf']
    >>> f = task.model.files["main.tf"]                          # doctest: +SKIP
    >>> f.origin_file.name, f.origin_line                        # doctest: +SKIP
    ('MODEL_RESPONSE.md', 34)
    >>> f.origin_of(10)     # line 10 of main.tf: markdown file, line, column  # doctest: +SKIP
    (PosixPath('corpus/tasks/tf-hcl/Pr1202/lib/MODEL_RESPONSE.md'), 43, 1)
    >>> [str(p) for p in task.problems]                          # doctest: +SKIP
    ["metadata.json: metadata-missing: 'training_quality' is missing"]

    >>> load_task("answer/", ideal="ideal/")       # a directory answer  # doctest: +SKIP
    >>> load_task("MODEL_RESPONSE.md").model.files  # one markdown answer # doctest: +SKIP
    >>> load_task("main.tf").model.terraform_files()  # one .tf file     # doctest: +SKIP

`Task` has `id`, `root`, `kind`, `metadata` (`TaskMetadata`, parsed
tolerantly, platform/language as short codes), `prompt` (every turn's prompt),
`turns` (each `Turn` with its prompt and response), `model` (the last turn's
`Answer`), `ideal` (`Answer | None`), `failures_md`, `code_files` (files
under lib/ other than the task documents), `test_files` (under test/ and
tests/) and `problems`.

`Answer` has `source`, `files` (name → `ExtractedFile(name, text,
origin_file, origin_line, lang, role, tag, segments)`), `hcl_files()`,
`terraform_files()`, `code`, `docs`, `tests` (these include unnamed blocks),
`platform` (a `PlatformGuess`), `is_placeholder` / `placeholder` and
`problems`. How names are found is documented in `iacreview.task.markdown_code`,
how unnamed code is named in `iacreview.task.generated_names`, and how names
are made safe in `iacreview.task.paths`. Untagged fences are HCL when
`looks_like_hcl` says so; the default asks `iacreview.hcl.parse` and falls
back to line shapes (`iacreview.task.hcl_sniff`).

Platforms
---------
::

    >>> task.model.platform                                      # doctest: +SKIP
    PlatformGuess(platform='tf', language='hcl', confidence=1.0, evidence=('variables.tf: HCL code', 'main.tf:21: a resource block', ...))
    >>> task.prompt_platform.platform                            # doctest: +SKIP
    'tf'
    >>> task.platform_comparison().agree                         # doctest: +SKIP
    True

Extracting
----------
::

    >>> from iacreview.task import write_files
    >>> write_files(task.model, "out/", force=False)             # doctest: +SKIP
    [PosixPath('out/main.tf'), ...]

`write_files` refuses to overwrite (raising `ExtractError`) unless `force`.
"""

from iacreview.task.answer import Answer, ExtractedFile, Segment
from iacreview.task.hcl_sniff import default_looks_like_hcl, heuristic_looks_like_hcl
from iacreview.task.loader import Task, Turn, load_task
from iacreview.task.metadata import TaskMetadata, parse_metadata
from iacreview.task.placeholder import PlaceholderVerdict
from iacreview.task.platform import (
    Mismatch,
    PlatformComparison,
    PlatformGuess,
    compare_platforms,
    detect_code_platform,
    detect_text_platform,
)
from iacreview.task.problems import ProblemKind, TaskProblem
from iacreview.task.roles import Role
from iacreview.task.writer import ExtractError, write_files

__all__ = [
    "Answer",
    "ExtractError",
    "ExtractedFile",
    "Mismatch",
    "PlaceholderVerdict",
    "PlatformComparison",
    "PlatformGuess",
    "ProblemKind",
    "Role",
    "Segment",
    "Task",
    "TaskMetadata",
    "TaskProblem",
    "Turn",
    "compare_platforms",
    "default_looks_like_hcl",
    "detect_code_platform",
    "detect_text_platform",
    "heuristic_looks_like_hcl",
    "load_task",
    "parse_metadata",
    "write_files",
]
