"""Seed case: rank 5. Linear(4, 3) on a ramp -2..2 of shape (5, 2, 1, 2, 4)."""

import torch


def model() -> torch.nn.Module:
    torch.manual_seed(5)
    return torch.nn.Linear(4, 3)


def example_inputs():
    return (torch.linspace(-2.0, 2.0, 80).reshape(5, 2, 1, 2, 4),)
