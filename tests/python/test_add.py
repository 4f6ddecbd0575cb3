"""quantized_add: same scale, different scales, broadcasting, fused relu,
and the linear -> add residual block."""


import numpy as np
import pytest
import torch

from armlet.export import compile_model
from armlet.passes.qparams import INPUT_QPARAMS, OUTPUT_QPARAMS
from helpers import capture_node_values, compile_named, pte_equals_lowered


class Add(torch.nn.Module):
    def forward(self, a, b):
        return a + b


class AddRelu(torch.nn.Module):
    def forward(self, a, b):
        return torch.relu(a + b)


class AddRelu6(torch.nn.Module):
    def forward(self, a, b):
        return torch.nn.functional.relu6(a + b)


def ramp(shape, lo, hi):
    n = int(np.prod(shape))
    return torch.linspace(lo, hi, n).reshape(shape)


CASES = {
    # name: (module, a, b)
    "same_scale": (Add(), ramp((4, 8), -1.0, 1.0), ramp((4, 8), 1.0, -1.0)),
    "different_scale": (Add(), ramp((4, 8), -1.0, 1.0), ramp((4, 8), -30.0, 20.0)),
    "broadcast_row": (Add(), ramp((3, 5), -2.0, 2.0), ramp((5,), -7.0, 3.0)),
    "broadcast_both": (Add(), ramp((2, 1, 4), -1.0, 3.0), ramp((3, 1), -5.0, 5.0)),
    "fused_relu": (AddRelu(), ramp((4, 8), -3.0, 1.0), ramp((4, 8), -2.0, 0.5)),
    "fused_relu6": (AddRelu6(), ramp((4, 8), -3.0, 9.0), ramp((4, 8), -2.0, 4.0)),
}

_cache = {}


def compiled_case(name):
    if name not in _cache:
        module, a, b = CASES[name]
        _cache[name] = compile_model(module, (a, b), verbose=False)
    return _cache[name]


def add_node(compiled):
    return next(n for n in compiled.lowered_module().graph.nodes if "quantized_add" in str(n.target))


@pytest.mark.parametrize("name", list(CASES))
def test_add_lowers_to_one_quantized_add(name):
    compiled = compiled_case(name)
    assert compiled.ops_after == {
        "armlet.quantize_per_tensor": 2,
        "armlet.quantized_add": 1,
        "armlet.dequantize_per_tensor": 1,
    }
    assert not compiled.report.float_operators


@pytest.mark.parametrize("name", list(CASES))
def test_add_within_one_quantum(name):
    compiled = compiled_case(name)
    module, a, b = CASES[name]
    gm = compiled.lowered_module()
    values = capture_node_values(gm, (a, b))
    node = add_node(compiled)
    qa, qb = node.meta[INPUT_QPARAMS][0], node.meta[INPUT_QPARAMS][1]
    qy = node.meta[OUTPUT_QPARAMS][0]
    ia = values[node.args[0].name].numpy().astype(np.float64)
    ib = values[node.args[1].name].numpy().astype(np.float64)
    real = (ia - qa.zero_point) * qa.scale + (ib - qb.zero_point) * qb.scale
    lo, hi = node.args[12], node.args[13]
    expected = np.clip(np.round(real / qy.scale) + qy.zero_point, lo, hi)
    got = values[node.name].numpy().astype(np.float64)
    assert got.shape == expected.shape == torch.broadcast_shapes(a.shape, b.shape)
    assert np.max(np.abs(got - expected)) <= 1


@pytest.mark.parametrize("name", list(CASES))
def test_add_pte_equals_lowered(name):
    _, a, b = CASES[name]
    assert pte_equals_lowered(compiled_case(name), (a, b))


def test_relu_folds_into_activation_min():
    node = add_node(compiled_case("fused_relu"))
    qy = node.meta[OUTPUT_QPARAMS][0]
    assert node.args[12] == max(-128, qy.zero_point)
    assert not any("relu" in str(n.target) for n in compiled_case("fused_relu").lowered.graph_module.graph.nodes)


def test_relu6_folds_into_both_bounds():
    compiled = compiled_case("fused_relu6")
    node = add_node(compiled)
    qy = node.meta[OUTPUT_QPARAMS][0]
    assert node.args[12] == qy.quantize_value(0.0)
    assert node.args[13] == qy.quantize_value(6.0)
    out = compiled.lowered_module()(*CASES["fused_relu6"][1:])
    assert float(out.min()) >= 0.0 and float(out.max()) <= 6.0 + qy.scale


def test_same_scale_uses_equal_multipliers():
    node = add_node(compiled_case("same_scale"))
    assert node.args[3] == node.args[6] and node.args[4] == node.args[7]
    assert node.args[11] == 20  # left shift


def test_residual_block():
    compiled, module = compile_named("residual_linear_add")
    assert compiled.ops_after == {
        "armlet.quantize_per_tensor": 1,
        "armlet.quantized_linear": 1,
        "armlet.quantized_add": 1,
        "armlet.dequantize_per_tensor": 1,
    }
    (x,) = module.example_inputs()
    assert pte_equals_lowered(compiled, (x,))
    expected = module.model()(x).detach()
    got = compiled.lowered_module()(x)
    span = float(expected.max() - expected.min())
    assert float((got - expected).abs().max()) <= 0.05 * span


def test_add_with_alpha_stays_float_and_is_reported():
    class AddAlpha(torch.nn.Module):
        def forward(self, a, b):
            return torch.add(a, b, alpha=2)

    compiled = compile_model(AddAlpha(), (ramp((2, 3), -1, 1), ramp((2, 3), 1, 2)), verbose=False)
    text = compiled.report.format()
    assert "FLOAT" in text and "aten.add" in text
    assert "alpha" in text

