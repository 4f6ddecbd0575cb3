"""The seed's linear cases: operator counts before/after the passes, outputs
within one quantum of quantize -> float linear -> quantize, and the .pte
giving the lowered graph's outputs exactly."""


import pytest
import torch

from helpers import (
    SEED_LINEAR_CASES,
    check_linears_within_one_quantum,
    compile_named,
    pte_equals_lowered,
)
from armlet.pte_interpreter import load_program


def float_linears(model: torch.nn.Module):
    return [m for m in model.modules() if isinstance(m, torch.nn.Linear)]


@pytest.mark.parametrize("name", SEED_LINEAR_CASES)
def test_operator_counts_before_and_after(name):
    compiled, module = compile_named(name)
    linears = float_linears(module.model())
    n = len(linears)
    with_bias = sum(1 for m in linears if m.bias is not None)
    before = compiled.ops_before
    assert before == {
        "aten.linear": n,
        # graph input + every linear output
        "quantized_decomposed.quantize_per_tensor": n + 1,
        # every linear input, every weight, every bias, the graph output
        "quantized_decomposed.dequantize_per_tensor": n + n + with_bias + 1,
    }
    assert compiled.ops_after == {
        "armlet.quantize_per_tensor": 1,
        "armlet.quantized_linear": n,
        "armlet.dequantize_per_tensor": 1,
    }
    program = load_program(compiled.pte)
    assert program.operator_names() == (
        ["armlet::quantize_per_tensor.out"]
        + ["armlet::quantized_linear.out"] * n
        + ["armlet::dequantize_per_tensor.out"]
    )
    assert not compiled.report.float_operators


@pytest.mark.parametrize("name", SEED_LINEAR_CASES)
def test_within_one_quantum_of_float(name):
    compiled, module = compile_named(name)
    worst = check_linears_within_one_quantum(compiled, float_linears(module.model()), module.example_inputs())
    assert worst <= 1


@pytest.mark.parametrize("name", SEED_LINEAR_CASES)
def test_pte_reproduces_lowered_graph(name):
    compiled, module = compile_named(name)
    assert pte_equals_lowered(compiled, module.example_inputs())


@pytest.mark.parametrize("name", SEED_LINEAR_CASES)
def test_output_shape_and_float_accuracy(name):
    compiled, module = compile_named(name)
    (x,) = module.example_inputs()
    expected = module.model()(x).detach()
    got = compiled.lowered_module()(x)
    assert got.shape == expected.shape and got.dtype == torch.float32
    # Loose sanity bound: a few output quanta of the whole range.
    span = float(expected.max() - expected.min()) or 1.0
    assert float((got - expected).abs().max()) <= 0.05 * span + 1e-6


def test_rank_n_input_needs_no_views():
    compiled, _ = compile_named("linear_rank5")
    names = load_program(compiled.pte).operator_names()
    assert not any("view" in n for n in names)


def test_per_channel_linear():
    compiled, module = compile_named("linear_per_channel")
    node = next(n for n in compiled.lowered.graph_module.graph.nodes if "quantized_linear" in str(n.target))
    multipliers, shifts = node.args[6], node.args[7]
    assert len(multipliers) == len(shifts) == 6
    assert len(set(zip(multipliers, shifts))) > 1
    worst = check_linears_within_one_quantum(compiled, float_linears(module.model()), module.example_inputs())
    assert worst <= 1
    assert pte_equals_lowered(compiled, module.example_inputs())


def test_per_tensor_flag_gives_one_multiplier():
    compiled, _ = compile_named("linear_bias")
    node = next(n for n in compiled.lowered.graph_module.graph.nodes if "quantized_linear" in str(n.target))
    assert len(node.args[6]) == len(node.args[7]) == 1
    assert node.args[4] == 0  # filter_offset: symmetric weights


def test_per_channel_on_request():
    compiled, module = compile_named("linear_bias", per_channel=True)
    node = next(n for n in compiled.lowered.graph_module.graph.nodes if "quantized_linear" in str(n.target))
    assert len(node.args[6]) == 37
    assert check_linears_within_one_quantum(compiled, float_linears(module.model()), module.example_inputs()) <= 1

