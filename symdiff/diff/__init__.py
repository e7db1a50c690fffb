"""Differentiation: forward rules, reverse mode, ``check`` and finite differences."""

from symdiff.diff.diff import CheckResult, check, differentiate, gradient, hessian, jacobian

__all__ = ["CheckResult", "check", "differentiate", "gradient", "hessian", "jacobian"]
