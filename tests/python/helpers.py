"""Shared helpers for armlet's Python tests: model files, compile cache, checks."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, List, Tuple

import numpy as np
import torch

from armlet.cli import load_model_file
from armlet.export import CompiledProgram, compile_model
from armlet.passes.qparams import INPUT_QPARAMS, OUTPUT_QPARAMS

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "tests" / "models"
EXAMPLES = REPO / "examples"

SEED_LINEAR_CASES = [
    "linear_rank1",
    "linear_rank2",
    "linear_rank3",
    "linear_rank4",
    "linear_rank5",
    "linear_bias",
    "linear_chain3",
]


def model_path(name: str) -> Path:
    for folder in (MODELS, EXAMPLES):
        path = folder / f"{name}.py"
        if path.exists():
            return path
    raise FileNotFoundError(name)


def load_model(name: str):
    return load_model_file(str(model_path(name)))


@functools.lru_cache(maxsize=None)
def compile_named(name: str, per_channel: bool = False) -> Tuple[CompiledProgram, Any]:
    """Compiles tests/models/NAME.py (or examples/NAME.py) once per test process."""
    module = load_model(name)
    calibration = module.calibration_inputs() if hasattr(module, "calibration_inputs") else None
    compiled = compile_model(
        module.model(),
        module.example_inputs(),
        calibration_inputs=calibration,
        per_channel=per_channel or getattr(module, "PER_CHANNEL", False),
        verbose=False,
    )
    return compiled, module


def capture_node_values(gm: torch.fx.GraphModule, inputs: Tuple[torch.Tensor, ...]) -> Dict[str, Any]:
    """Runs an fx graph and returns every node's value by node name."""
    values: Dict[str, Any] = {}

    class Recorder(torch.fx.Interpreter):
        def run_node(self, n):
            result = super().run_node(n)
            values[n.name] = result
            return result

    Recorder(gm).run(*inputs)
    return values


def quantized_linear_nodes(gm: torch.fx.GraphModule) -> List[torch.fx.Node]:
    return [
        n
        for n in gm.graph.nodes
        if n.op == "call_function" and "quantized_linear" in str(n.target)
    ]


def check_linears_within_one_quantum(
    compiled: CompiledProgram, float_linears: List[torch.nn.Linear], inputs: Tuple[torch.Tensor, ...]
) -> int:
    """Each quantized_linear's int8 output vs quantize(float linear(dequantize(its int8 input))).

    The float linear uses the dequantized int8 weights and the model's float
    bias, in float64. Returns the largest difference in quanta (must be <= 1).
    """
    gm = compiled.lowered_module()
    values = capture_node_values(gm, inputs)
    nodes = quantized_linear_nodes(gm)
    assert len(nodes) == len(float_linears)
    worst = 0
    for node, linear in zip(nodes, float_linears):
        x_q, w_q = node.meta[INPUT_QPARAMS][0], node.meta[INPUT_QPARAMS][1]
        y_q = node.meta[OUTPUT_QPARAMS][0]
        x_int = values[node.args[0].name].numpy().astype(np.float64)
        w_int = values[node.args[1].name].numpy().astype(np.float64)
        w_scales = np.asarray(w_q.scales(), dtype=np.float64).reshape(-1, 1)
        x_real = (x_int - x_q.zero_point) * x_q.scale
        w_real = w_int * w_scales
        y = x_real @ w_real.T
        if linear.bias is not None:
            y = y + linear.bias.detach().numpy().astype(np.float64)
        act_min, act_max = node.args[8], node.args[9]
        expected = np.clip(np.round(y / y_q.scale) + y_q.zero_point, act_min, act_max)
        actual = values[node.name].numpy().astype(np.float64)
        assert actual.shape == expected.shape
        worst = max(worst, int(np.max(np.abs(actual - expected))))
    return worst


def pte_equals_lowered(compiled: CompiledProgram, inputs: Tuple[torch.Tensor, ...]) -> bool:
    """The .pte run by the interpreter gives the lowered graph's outputs bit for bit."""
    from armlet.pte_interpreter import run_pte

    lowered = compiled.lowered_module()(*inputs)
    lowered = lowered if isinstance(lowered, (tuple, list)) else (lowered,)
    golden = run_pte(compiled.pte, [t.numpy() for t in inputs])
    return len(golden) == len(lowered) and all(
        g.dtype == l.numpy().dtype and g.shape == l.numpy().shape and g.tobytes() == l.numpy().tobytes()
        for g, l in zip(golden, lowered)
    )
