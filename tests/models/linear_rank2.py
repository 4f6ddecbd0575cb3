"""Seed case: rank 2. Linear(1, 2) on a ramp -1..1 of shape (1, 1)."""

import torch


def model() -> torch.nn.Module:
    torch.manual_seed(2)
    return torch.nn.Linear(1, 2)


def example_inputs():
    return (torch.linspace(-1.0, 1.0, 1).reshape(1, 1),)
