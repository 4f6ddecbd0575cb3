"""Per-channel weights: output channels with very different magnitudes.

A per-tensor scale would crush the small rows to a few levels; per-channel
scales keep each row at full int8 resolution.
"""

import torch

PER_CHANNEL = True


def model() -> torch.nn.Module:
    torch.manual_seed(10)
    linear = torch.nn.Linear(12, 6)
    with torch.no_grad():
        row_scale = torch.tensor([1.0, 0.01, 0.5, 0.002, 2.0, 0.1]).reshape(6, 1)
        linear.weight.mul_(row_scale)
    return linear


def example_inputs():
    return (torch.linspace(-3.0, 3.0, 36).reshape(3, 12),)
