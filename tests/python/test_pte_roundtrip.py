"""A .pte read back from its bytes and run by the interpreter reproduces
the lowered graph's outputs exactly, on the example inputs and on others."""


import pytest
import torch

from armlet.pte_interpreter import load_program
from helpers import compile_named, pte_equals_lowered

MODELS = [
    "linear_relu_linear",
    "residual_linear_add",
    "linear_relu_add",
    "linear_per_channel",
    "linear_chain3",
    "linear_rank4",
]


@pytest.mark.parametrize("name", MODELS)
def test_roundtrip_on_example_inputs(name):
    compiled, module = compile_named(name)
    assert pte_equals_lowered(compiled, module.example_inputs())


@pytest.mark.parametrize("name", MODELS)
def test_roundtrip_on_other_inputs(name):
    compiled, module = compile_named(name)
    (x,) = module.example_inputs()
    g = torch.Generator().manual_seed(123)
    for scale in (0.5, 1.0, 4.0):  # 4.0 saturates: clamps must agree too
        other = torch.randn(x.shape, generator=g) * scale * float(x.abs().max() or 1.0)
        assert pte_equals_lowered(compiled, (other,))


def test_linear_relu_add_program_is_all_armlet():
    compiled, _ = compile_named("linear_relu_add")
    names = load_program(compiled.pte).operator_names()
    assert names[0] == "armlet::quantize_per_tensor.out"
    assert names[-1] == "armlet::dequantize_per_tensor.out"
    assert names[1:-1] == [
        "armlet::quantized_linear.out",
        "armlet::quantized_linear.out",
        "armlet::quantized_add.out",
    ]
    # relu folded into the first linear: nothing in float remains.
    assert not compiled.report.float_operators
    assert "aten.relu" not in compiled.ops_after


def test_kernel_call_argument_layout():
    """Arguments in schema order, then out, then the returned value (out again)."""
    compiled, _ = compile_named("linear_rank3")
    program = load_program(compiled.pte)
    plan = program.plan
    for instr in plan.chains[0].instructions:
        call = instr.instr_args
        op = plan.operators[call.op_index]
        expected = {"armlet::quantize_per_tensor": 6, "armlet::dequantize_per_tensor": 6,
                    "armlet::quantized_linear": 10}[op.name]
        assert op.overload == "out"
        assert len(call.args) == expected + 2
        assert call.args[-1] == call.args[-2]


def test_memory_plan_fits_arena():
    compiled, _ = compile_named("linear_relu_add")
    program = load_program(compiled.pte)
    assert program.planned_bytes() == compiled.report.activation_bytes
    assert program.plan.non_const_buffer_sizes[0] == 0  # index 0 is reserved

