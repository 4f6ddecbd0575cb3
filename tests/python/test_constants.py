"""The AOT kernel sum replaces the bias constant: the old int32 bias leaves
the program and the constants cost exactly weights + kernel sums."""


import numpy as np
import torch

from armlet.export import compile_model
from armlet.passes.qparams import INPUT_QPARAMS
from armlet.pte_interpreter import load_program
from helpers import compile_named


def align16(n):
    return (n + 15) // 16 * 16


def int32_constants(program):
    """int32 tensors among an ExportedProgram's parameters, buffers and constants."""
    tensors = list(program.state_dict.values()) + list(program.constants.values())
    return [t.detach() for t in tensors if isinstance(t, torch.Tensor) and t.dtype == torch.int32]


def test_bias_constant_is_replaced_by_kernel_sum():
    compiled, module = compile_named("linear_bias")
    (bias_q,) = int32_constants(compiled.before_passes)
    assert bias_q.shape == (37,)

    program = load_program(compiled.pte)
    constants = [arr for _, arr in program.constants()]
    assert sorted((a.dtype.name, a.shape) for a in constants) == [("int32", (37,)), ("int8", (37, 61))]
    weights = next(a for a in constants if a.dtype == np.int8)
    kernel_sum = next(a for a in constants if a.dtype == np.int32)

    node = next(n for n in compiled.lowered.graph_module.graph.nodes if "quantized_linear" in str(n.target))
    zp_in = node.meta[INPUT_QPARAMS][0].zero_point
    assert zp_in != 0  # the input is a ramp 0..10: the offset matters
    expected = bias_q.numpy().astype(np.int64) - zp_in * weights.astype(np.int64).sum(axis=1)
    assert np.array_equal(kernel_sum, expected.astype(np.int32))
    assert node.args[3] == -zp_in  # input_offset

    # The old bias is gone from the file, the kernel sum is in it.
    assert bias_q.numpy().tobytes() not in compiled.pte
    assert kernel_sum.tobytes() in compiled.pte
    # No extra memory: the constant segment holds weights + one int32 per output.
    assert program.constant_bytes() == align16(37 * 61) + 37 * 4
    assert compiled.report.constant_bytes == program.constant_bytes()


def test_linear_without_bias_gets_a_kernel_sum():
    torch.manual_seed(0)
    model = torch.nn.Linear(10, 3, bias=False)
    x = torch.linspace(0.5, 4.0, 20).reshape(2, 10)
    compiled = compile_model(model, (x,), verbose=False)
    assert int32_constants(compiled.before_passes) == []
    program = load_program(compiled.pte)
    constants = {a.dtype.name: a for _, a in program.constants()}
    assert set(constants) == {"int8", "int32"}
    node = next(n for n in compiled.lowered.graph_module.graph.nodes if "quantized_linear" in str(n.target))
    zp_in = node.meta[INPUT_QPARAMS][0].zero_point
    expected = -zp_in * constants["int8"].astype(np.int64).sum(axis=1)
    assert np.array_equal(constants["int32"], expected.astype(np.int32))
    assert program.constant_bytes() == align16(30) + 12


def test_constants_live_in_the_constant_segment():
    compiled, _ = compile_named("linear_chain3")
    program = load_program(compiled.pte)
    assert program.header is not None
    start, size = program.constant_segment_range()
    assert start == program.header.segment_base_offset
    assert start + size <= len(compiled.pte)
    assert not program.program.constant_buffer  # nothing inline in the flatbuffer
    # Every constant's offset in the segment is 16-byte aligned.
    assert all(off % 16 == 0 for off in program.program.constant_segment.offsets)


def test_scale_and_zero_point_tensors_do_not_stay():
    compiled, _ = compile_named("linear_per_channel")
    program = load_program(compiled.pte)
    kinds = sorted((a.dtype.name, a.shape) for _, a in program.constants())
    assert kinds == [("int32", (6,)), ("int8", (6, 12))]

