"""The bit-exact comparison of the simulator tests fails when a kernel is wrong.

The simulator tests end with cc/tools:compare_bundles GOLDEN ACTUAL. Here the "device" is the
reference interpreter with one deliberate bug, the one upstream lowerings had on non-MVE builds: a
linear path that ignores the ahead-of-time kernel_sum (bias and input-offset term). The comparison
must reject those outputs and name the first mismatching index and both values; the correct
outputs must pass.
"""

import os
import subprocess
import sys
from typing import List

import numpy as np
import pytest

from armlet import bundle, pte_interpreter
from armlet.ops import reference

RUNFILES = os.environ.get("TEST_SRCDIR", "")


def _runfile(path: str) -> str:
    for root in (os.path.join(RUNFILES, "armlet"), os.getcwd()):
        candidate = os.path.join(root, path)
        if os.path.exists(candidate):
            return candidate
    pytest.skip(f"{path} is built by Bazel; run this test with bazel test")


def _outputs(program: bytes, inputs: List[np.ndarray]) -> List[np.ndarray]:
    return pte_interpreter.run_pte(program, inputs)


def _compare(tmp_path, golden: List[np.ndarray], actual: List[np.ndarray]) -> subprocess.CompletedProcess:
    golden_path, actual_path = tmp_path / "golden.bundle", tmp_path / "actual.bundle"
    golden_path.write_bytes(bundle.encode(golden))
    actual_path.write_bytes(bundle.encode(actual))
    tool = _runfile("cc/tools/compare_bundles")
    return subprocess.run([tool, str(golden_path), str(actual_path)], capture_output=True, text=True)


def test_dropped_kernel_sum_fails_the_comparison(tmp_path, monkeypatch):
    program = open(_runfile("tests/simulator/linear_bias_program.pte"), "rb").read()
    inputs = bundle.decode(open(_runfile("tests/simulator/linear_bias_program.inputs"), "rb").read())
    golden = _outputs(program, inputs)

    correct = reference.quantized_linear

    def linear_without_kernel_sum(x, w, kernel_sum, *rest):
        return correct(x, w, np.zeros_like(kernel_sum), *rest)

    monkeypatch.setattr(reference, "quantized_linear", linear_without_kernel_sum)
    wrong = _outputs(program, inputs)
    monkeypatch.undo()

    assert not np.array_equal(golden[0], wrong[0]), "the bug must change the outputs for this test to mean anything"
    result = _compare(tmp_path, golden, wrong)
    assert result.returncode == 1, result.stdout
    assert "first mismatch at flat index" in result.stdout
    assert "MISMATCH" in result.stdout

    assert _compare(tmp_path, golden, _outputs(program, inputs)).returncode == 0


def test_one_flipped_bit_fails_the_comparison(tmp_path):
    golden = [np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(3, 4)]
    actual = [golden[0].copy()]
    actual[0].view(np.uint32)[2, 1] ^= 1  # one unit in the last place
    result = _compare(tmp_path, golden, actual)
    assert result.returncode == 1
    assert "first mismatch at flat index 9" in result.stdout


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
