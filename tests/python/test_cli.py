"""The armlet command line: compile, reference, inspect, bundle, unbundle."""

import os

import numpy as np
import pytest

from armlet import bundle
from armlet.cli import main
from helpers import model_path


def run(args, capsys):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def compiled_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    code = main([
        "compile", str(model_path("linear_relu_add")), "--target", "cortex-m55",
        "-o", str(d / "model.pte"), "--calibration-samples", "4",
        "--save-inputs", str(d / "in.npz"), "--save-outputs", str(d / "golden.bin"),
    ])
    assert code == 0
    return d


def test_compile_writes_pte_and_report(compiled_dir, capsys):
    assert (compiled_dir / "model.pte").stat().st_size > 0
    with np.load(compiled_dir / "in.npz") as npz:
        assert list(npz.keys()) == ["input_0"]
    golden = bundle.decode((compiled_dir / "golden.bin").read_bytes())
    assert len(golden) == 1 and golden[0].dtype == np.float32


def test_compile_prints_report_and_progress(tmp_path, capsys):
    code, out, err = run(["compile", model_path("residual_linear_add"), "-o", tmp_path / "r.pte"], capsys)
    assert code == 0
    assert "armlet lowering report" in out
    assert "int8  armlet.quantized_add" in out
    assert "constant bytes" in out and "planned activation bytes" in out
    assert "[armlet] calibrating" in err


def test_reference_reproduces_golden(compiled_dir, capsys):
    code, _, _ = run(["reference", compiled_dir / "model.pte", "--inputs", compiled_dir / "in.npz",
                      "-o", compiled_dir / "out.npz"], capsys)
    assert code == 0
    with np.load(compiled_dir / "out.npz") as npz:
        out = npz["output_0"]
    golden = bundle.decode((compiled_dir / "golden.bin").read_bytes())[0]
    assert out.tobytes() == golden.tobytes()


def test_reference_accepts_bundles(compiled_dir, capsys):
    assert run(["bundle", compiled_dir / "in.npz", "-o", compiled_dir / "in.bin"], capsys)[0] == 0
    code, _, _ = run(["reference", compiled_dir / "model.pte", "--inputs", compiled_dir / "in.bin",
                      "-o", compiled_dir / "out.bin"], capsys)
    assert code == 0
    assert (compiled_dir / "out.bin").read_bytes() == (compiled_dir / "golden.bin").read_bytes()
    assert run(["unbundle", compiled_dir / "out.bin", "-o", compiled_dir / "back.npz"], capsys)[0] == 0
    with np.load(compiled_dir / "back.npz") as npz:
        assert list(npz.keys()) == ["output_0"]


def test_inspect(compiled_dir, capsys):
    code, out, _ = run(["inspect", compiled_dir / "model.pte"], capsys)
    assert code == 0
    for text in ("armlet::quantize_per_tensor.out", "armlet::quantized_linear.out",
                 "armlet::quantized_add.out", "armlet::dequantize_per_tensor.out",
                 "constant segment", "memory plan", "arena 1"):
        assert text in out
    operators = [line for line in out.splitlines() if line.startswith("  [")]
    assert all("armlet::" in line for line in operators)


def test_paths_relative_to_build_working_directory(tmp_path, capsys, monkeypatch):
    model = tmp_path / "m.py"
    model.write_text(model_path("linear_rank2").read_text())
    monkeypatch.setenv("BUILD_WORKING_DIRECTORY", str(tmp_path))
    monkeypatch.chdir(os.path.dirname(os.path.abspath(__file__)))
    code, _, err = run(["compile", "m.py", "-o", "sub/m.pte", "-q"], capsys)
    assert code == 0, err
    assert (tmp_path / "sub" / "m.pte").exists()
    assert run(["inspect", "sub/m.pte"], capsys)[0] == 0


def test_per_channel_flag(tmp_path, capsys):
    code, out, _ = run(["compile", model_path("linear_rank4"), "-o", tmp_path / "p.pte", "--per-channel", "-q"],
                       capsys)
    assert code == 0 and "per-channel weights" in out


def test_unknown_target_is_an_argparse_error(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["compile", str(model_path("linear_rank2")), "--target", "cortex-x9", "-o", str(tmp_path / "x.pte")])
    assert "cortex-x9" in capsys.readouterr().err


def test_reference_on_missing_file(tmp_path, capsys):
    code, _, err = run(["reference", tmp_path / "none.pte", "--inputs", tmp_path / "none.npz",
                        "-o", tmp_path / "o.npz"], capsys)
    assert code == 2 and "no such file" in err

