"""Seed case: rank 4. Linear(16, 32) on a ramp -100..100 of shape (2, 1, 2, 16)."""

import torch


def model() -> torch.nn.Module:
    torch.manual_seed(4)
    return torch.nn.Linear(16, 32)


def example_inputs():
    return (torch.linspace(-100.0, 100.0, 64).reshape(2, 1, 2, 16),)
