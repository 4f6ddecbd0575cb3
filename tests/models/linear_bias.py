"""Seed case: bias. Linear(61, 37) on a ramp 0..10 of shape (8, 61).

61 is not a multiple of any SIMD width, so every kernel path needs its tail.
"""

import torch


def model() -> torch.nn.Module:
    torch.manual_seed(6)
    return torch.nn.Linear(61, 37, bias=True)


def example_inputs():
    return (torch.linspace(0.0, 10.0, 8 * 61).reshape(8, 61),)
