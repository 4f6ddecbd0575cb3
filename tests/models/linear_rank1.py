"""Seed case: rank-1 input. Linear(1, 2) on a tensor of shape [1]."""

import torch


def model() -> torch.nn.Module:
    torch.manual_seed(1)
    return torch.nn.Linear(1, 2)


def example_inputs():
    return (torch.tensor([0.75]),)
