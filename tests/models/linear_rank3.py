"""Seed case: rank 3. Linear(5, 3) on a ramp -40..0 of shape (4, 2, 5)."""

import torch


def model() -> torch.nn.Module:
    torch.manual_seed(3)
    return torch.nn.Linear(5, 3)


def example_inputs():
    return (torch.linspace(-40.0, 0.0, 40).reshape(4, 2, 5),)
