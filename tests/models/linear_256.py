"""Benchmark case: one 256 -> 256 linear layer with bias on a single input row.

65,536 multiply-accumulates per inference: the figure of merit is MACs per instruction.
"""

import torch


def model() -> torch.nn.Module:
    torch.manual_seed(256)
    return torch.nn.Linear(256, 256, bias=True)


def example_inputs():
    return (torch.linspace(-4.0, 4.0, 256).reshape(1, 256),)
