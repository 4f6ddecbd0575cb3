"""Bad input gets a clear answer: float fallbacks are reported, unusable
models and files are refused with errors that name the problem."""

import textwrap

import numpy as np
import pytest
import torch

from armlet import ArmletError
from armlet.cli import main
from armlet.export import compile_model
from armlet.pte_interpreter import Interpreter, load_program, run_pte
from helpers import compile_named, pte_equals_lowered


class LinearSigmoidLinear(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.a = torch.nn.Linear(4, 4)
        self.b = torch.nn.Linear(4, 2)

    def forward(self, x):
        return self.b(torch.sigmoid(self.a(x)))


def test_unsupported_operator_stays_float_and_is_reported():
    x = torch.linspace(-1, 1, 12).reshape(3, 4)
    compiled = compile_model(LinearSigmoidLinear(), (x,), verbose=False)
    floats = compiled.report.float_operators
    assert [o.op for o in floats] == ["aten.sigmoid"]
    assert "no int8 kernel" in floats[0].reason
    text = compiled.report.format()
    assert "FLOAT aten.sigmoid" in text
    assert compiled.ops_after["armlet.quantized_linear"] == 2
    # Float enters and leaves the int8 region around the sigmoid.
    assert compiled.ops_after["armlet.quantize_per_tensor"] == 2
    assert compiled.ops_after["armlet.dequantize_per_tensor"] == 2
    assert pte_equals_lowered(compiled, (x,))
    with pytest.raises(ArmletError, match="aten::sigmoid.out is not an armlet operator"):
        Interpreter(load_program(compiled.pte), allow_float_fallback=False).run([x.numpy()])


def test_non_tensor_input_is_refused():
    with pytest.raises(ArmletError, match="input 1 is a int, not a torch.Tensor"):
        compile_model(torch.nn.Linear(2, 2), (torch.zeros(1, 2), 3), verbose=False)


def test_non_float_input_is_refused():
    with pytest.raises(ArmletError, match="input 0 has dtype torch.int64"):
        compile_model(torch.nn.Linear(2, 2), (torch.zeros(1, 2, dtype=torch.int64),), verbose=False)


def test_unknown_target_is_refused():
    with pytest.raises(ArmletError, match="unknown target 'cortex-a53'"):
        compile_model(torch.nn.Linear(2, 2), (torch.zeros(1, 2),), target="cortex-a53", verbose=False)


def test_model_must_be_a_module():
    with pytest.raises(ArmletError, match="must return a torch.nn.Module"):
        compile_model(lambda x: x, (torch.zeros(1, 2),), verbose=False)


def write(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return path


def run_cli(args, capsys):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_missing_model_function(tmp_path, capsys):
    path = write(tmp_path, "nomodel.py", """
        import torch
        def example_inputs():
            return (torch.zeros(1, 2),)
    """)
    code, _, err = run_cli(["compile", path, "-o", tmp_path / "m.pte"], capsys)
    assert code == 2
    assert "defines no model() function" in err and "nomodel.py" in err
    assert not (tmp_path / "m.pte").exists()


def test_missing_example_inputs(tmp_path, capsys):
    path = write(tmp_path, "noinputs.py", """
        import torch
        def model():
            return torch.nn.Linear(2, 2)
    """)
    code, _, err = run_cli(["compile", path, "-o", tmp_path / "m.pte"], capsys)
    assert code == 2 and "defines no example_inputs() function" in err


def test_dynamic_shapes_are_refused(tmp_path, capsys):
    path = write(tmp_path, "dynamic.py", """
        import torch
        def model():
            return torch.nn.Linear(2, 2)
        def example_inputs():
            return (torch.zeros(3, 2),)
        def dynamic_shapes():
            return ({0: torch.export.Dim("batch")},)
    """)
    code, _, err = run_cli(["compile", path, "-o", tmp_path / "m.pte"], capsys)
    assert code == 2 and "static shapes" in err


def test_non_tensor_input_from_model_file(tmp_path, capsys):
    path = write(tmp_path, "scalar.py", """
        import torch
        def model():
            return torch.nn.Linear(2, 2)
        def example_inputs():
            return (torch.zeros(3, 2), "hello")
    """)
    code, _, err = run_cli(["compile", path, "-o", tmp_path / "m.pte", "-q"], capsys)
    assert code == 2 and "input 1 is a str, not a torch.Tensor" in err


def test_model_file_that_raises(tmp_path, capsys):
    path = write(tmp_path, "broken.py", "raise RuntimeError('boom')\n")
    code, _, err = run_cli(["compile", path, "-o", tmp_path / "m.pte"], capsys)
    assert code == 2 and "RuntimeError: boom" in err


def test_missing_model_file(tmp_path, capsys):
    code, _, err = run_cli(["compile", tmp_path / "absent.py", "-o", tmp_path / "m.pte"], capsys)
    assert code == 2 and "no such model file" in err


def test_corrupt_pte_files():
    compiled, _ = compile_named("linear_rank3")
    pte = compiled.pte
    with pytest.raises(ArmletError, match="ET12"):
        load_program(b"\0" * 64)
    with pytest.raises(ArmletError, match="corrupt"):
        load_program(pte[:200])
    with pytest.raises(ArmletError):
        load_program(pte[:20])
    # Constants cut off: the segment runs past the end of the file.
    with pytest.raises(ArmletError, match="past the end"):
        run_pte(pte[: len(pte) - 8], [np.zeros((4, 2, 5), np.float32)])


def test_wrong_inputs_to_interpreter():
    compiled, _ = compile_named("linear_rank3")
    with pytest.raises(ArmletError, match="takes 1 inputs, got 2"):
        run_pte(compiled.pte, [np.zeros((4, 2, 5), np.float32)] * 2)
    with pytest.raises(ArmletError, match=r"expected float32 \[4, 2, 5\]"):
        run_pte(compiled.pte, [np.zeros((4, 2, 4), np.float32)])



def test_mutated_programs_fail_cleanly():
    """Random byte flips and truncations: the interpreter runs or raises ArmletError, nothing else."""
    import random

    compiled, _ = compile_named("linear_relu_linear")
    pte = compiled.pte
    x = [np.linspace(-1, 1, 32, dtype=np.float32).reshape(4, 8)]
    rng = random.Random(1234)
    outcomes = {"ran": 0, "refused": 0}
    for _ in range(300):
        data = bytearray(pte)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.2:
            data = data[: rng.randrange(len(data))]
        try:
            run_pte(bytes(data), x)
            outcomes["ran"] += 1
        except ArmletError:
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0
