"""Less common graph shapes: a module called twice, two outputs, clamp and
hardtanh folding, an add with a constant, activations left in float."""

import pytest
import torch

from armlet.export import compile_model
from armlet.passes.qparams import OUTPUT_QPARAMS
from helpers import pte_equals_lowered


class CalledTwice(torch.nn.Module):
    """One Linear (one weight and bias constant) used by two linears with different input scales."""

    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 4)

    def forward(self, x):
        return self.fc(self.fc(x))


class TwoOutputs(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 4)

    def forward(self, x):
        y = self.fc(x)
        return y, y + x


class LinearClamp(torch.nn.Module):
    def __init__(self, low, high, use_hardtanh=False):
        super().__init__()
        self.fc = torch.nn.Linear(4, 6)
        self.low, self.high, self.use_hardtanh = low, high, use_hardtanh

    def forward(self, x):
        y = self.fc(x)
        if self.use_hardtanh:
            return torch.nn.functional.hardtanh(y, self.low, self.high)
        return torch.clamp(y, min=self.low, max=self.high)


class AddConstant(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 4)
        self.register_buffer("offset", torch.linspace(-1.0, 1.0, 4))

    def forward(self, x):
        return self.fc(x) + self.offset


class ReluOnInput(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 4)

    def forward(self, x):
        return self.fc(torch.relu(x))


def compiled(module, *inputs):
    torch.manual_seed(0)
    return compile_model(module, inputs, verbose=False)


X = torch.linspace(-2.0, 2.0, 12).reshape(3, 4)


def test_module_called_twice_gets_two_kernel_sums():
    torch.manual_seed(0)
    model = CalledTwice()
    c = compiled(model, X)
    assert c.ops_after == {
        "armlet.quantize_per_tensor": 1,
        "armlet.quantized_linear": 2,
        "armlet.dequantize_per_tensor": 1,
    }
    assert pte_equals_lowered(c, (X,))
    expected = model(X).detach()
    got = c.lowered_module()(X)
    assert float((got - expected).abs().max()) <= 0.05 * float(expected.abs().max())


def test_two_outputs():
    c = compiled(TwoOutputs(), X)
    assert c.ops_after["armlet.dequantize_per_tensor"] == 2
    assert pte_equals_lowered(c, (X,))


@pytest.mark.parametrize("use_hardtanh", [False, True])
def test_clamp_and_hardtanh_fold_into_bounds(use_hardtanh):
    c = compiled(LinearClamp(-0.2, 0.3, use_hardtanh), X)
    assert set(c.ops_after) == {"armlet.quantize_per_tensor", "armlet.quantized_linear", "armlet.dequantize_per_tensor"}
    node = next(n for n in c.lowered.graph_module.graph.nodes if "quantized_linear" in str(n.target))
    q = node.meta[OUTPUT_QPARAMS][0]
    assert (node.args[8], node.args[9]) == (max(-128, q.quantize_value(-0.2)), min(127, q.quantize_value(0.3)))
    out = c.lowered_module()(X)
    assert float(out.min()) >= -0.2 - q.scale and float(out.max()) <= 0.3 + q.scale
    assert pte_equals_lowered(c, (X,))


def test_add_with_a_constant_tensor():
    c = compiled(AddConstant(), X)
    assert c.ops_after.get("armlet.quantized_add") == 1
    assert pte_equals_lowered(c, (X,))


def test_activation_not_after_a_fused_op_stays_float():
    c = compiled(ReluOnInput(), X)
    (relu,) = c.report.float_operators
    assert relu.op == "aten.relu"
    assert "does not follow a quantized linear or add" in relu.reason
    assert pte_equals_lowered(c, (X,))
