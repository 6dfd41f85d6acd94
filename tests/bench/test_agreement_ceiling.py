"""bench/agreement.py's ceiling estimate: the threshold rule it fits must find a real signal and not invent one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _agreement():
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_agreement", BENCH / "agreement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_signal_that_decides_the_label_is_recovered_out_of_sample():
    agreement = _agreement()
    xs = [float(i) for i in range(60)]
    ys = [8.0 if x < 20 else 9.0 if x < 40 else 10.0 for x in xs]
    assert agreement.cross_validated_mae(xs, ys) < 0.1
    # The same signal read backwards is found too.
    assert agreement.cross_validated_mae([-x for x in xs], ys) < 0.1


def test_noise_does_not_beat_the_constant_out_of_sample():
    agreement = _agreement()
    ys = [9.0, 8.0, 10.0, 9.0, 9.0, 8.0, 9.0, 10.0, 9.0, 8.0] * 6
    xs = [float((i * 37) % 11) for i in range(len(ys))]  # unrelated to the labels
    constant = sum(abs(9 - y) for y in ys) / len(ys)
    assert agreement.cross_validated_mae(xs, ys) >= constant - 0.05


def test_labels_are_read_on_the_ten_point_scale():
    agreement = _agreement()
    assert agreement.label_of(0.95) == 9.5 and agreement.label_of(8) == 8.0
    assert agreement.label_of("high") is None and agreement.label_of(True) is None and agreement.label_of(11) is None
