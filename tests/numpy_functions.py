"""Test functions written as plain NumPy code, in the style of AD test suites.

Each function takes one 1-d array ``x`` and returns a scalar (checked by its gradient) or a
1-d array (checked by its Jacobian). They are ordinary NumPy code: the same function runs on
a float array and, through ``symdiff.trace``, on an array of symbols. Sources: the
Moré-Garbow-Hillstrom test set (Rosenbrock, Powell singular, Wood, Brown badly scaled,
helical valley, trigonometric, extended Freudenstein-Roth, discrete boundary value, Broyden
tridiagonal, chebyquad), optimization benchmarks (Ackley, Rastrigin, Beale, Booth,
Styblinski-Tang, Michalewicz, Griewank, Zakharov, Levy, Dixon-Price) and small machine
learning models (softmax, log-sum-exp, dense layers, an MLP, logistic regression, Huber).

``CASES`` lists them with the number of variables, the box the test points are drawn from,
and whether the C backend is also tried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# constant data: weights, inputs, labels (fixed, so every run sees the same functions)
_DATA = np.random.default_rng(20261202)
W1 = _DATA.uniform(-1.0, 1.0, (3, 4))
B1 = _DATA.uniform(-0.5, 0.5, 3)
W2 = _DATA.uniform(-1.0, 1.0, (2, 3))
B2 = _DATA.uniform(-0.5, 0.5, 2)
TARGET = np.array([0.25, -0.5])
FEATURES = _DATA.normal(size=(6, 3))
LABELS = np.array([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])
SAMPLES = _DATA.normal(1.5, 0.7, 8)
QUADRATIC = _DATA.uniform(-1.0, 1.0, (4, 4))
LINEAR = _DATA.uniform(-1.0, 1.0, 4)
RESIDUAL_MATRIX = _DATA.uniform(-1.0, 1.0, (5, 3))
RESIDUAL_TARGET = _DATA.uniform(-1.0, 1.0, 5)


# -- Moré, Garbow and Hillstrom ------------------------------------------------------------


def rosenbrock(x):
    """Chained Rosenbrock, with slices."""
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def rosenbrock_pairs(x):
    """Extended Rosenbrock: independent pairs, with strided slices and np.square."""
    odd, even = x[::2], x[1::2]
    return np.sum(np.square(10 * (even - odd**2)) + np.square(1 - odd))


def powell_singular(x):
    """Powell's singular function: the residual vector."""
    return np.array(
        [
            x[0] + 10 * x[1],
            np.sqrt(5.0) * (x[2] - x[3]),
            (x[1] - 2 * x[2]) ** 2,
            np.sqrt(10.0) * (x[0] - x[3]) ** 2,
        ]
    )


def wood(x):
    """Wood's function: a scalar sum of squares."""
    x1, x2, x3, x4 = x
    return (
        100 * (x2 - x1**2) ** 2
        + (1 - x1) ** 2
        + 90 * (x4 - x3**2) ** 2
        + (1 - x3) ** 2
        + 10.1 * ((x2 - 1) ** 2 + (x4 - 1) ** 2)
        + 19.8 * (x2 - 1) * (x4 - 1)
    )


def brown_badly_scaled(x):
    """Brown's badly scaled function: values near 1e12, residuals of very different size."""
    residuals = np.array([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2])
    return residuals @ residuals


def helical_valley(x):
    """The helical valley: a residual vector with arctan2 and hypot."""
    theta = np.arctan2(x[1], x[0]) / (2 * np.pi)
    return np.array([10 * (x[2] - 10 * theta), 10 * (np.hypot(x[0], x[1]) - 1), x[2]])


def trigonometric(x):
    """The trigonometric function: residuals sharing one sum."""
    n = len(x)
    i = np.arange(1, n + 1)
    return n - np.sum(np.cos(x)) + i * (1 - np.cos(x)) - np.sin(x)


def freudenstein_roth(x):
    """Extended Freudenstein-Roth: residuals of pairs, filled into an object array."""
    out = np.empty(len(x), dtype=object)
    for k in range(0, len(x), 2):
        a, b = x[k], x[k + 1]
        out[k] = -13 + a + ((5 - b) * b - 2) * b
        out[k + 1] = -29 + a + ((b + 1) * b - 14) * b
    return out


def discrete_boundary_value(x):
    """Discrete boundary value: neighbours by padding with zeros (np.concatenate)."""
    n = len(x)
    h = 1 / (n + 1)
    t = h * np.arange(1, n + 1)
    padded = np.concatenate([[0.0], x, [0.0]])
    return 2 * x - padded[:-2] - padded[2:] + h**2 * (x + t + 1) ** 3 / 2


def broyden_tridiagonal(x):
    """Broyden tridiagonal: neighbours by in-place updates of a copy."""
    out = (3 - 2 * x) * x + 1
    out[1:] -= x[:-1]
    out[:-1] -= 2 * x[1:]
    return out


def chebyquad(x):
    """Chebyquad: Chebyshev polynomials by the recurrence T(k+1) = 2 y T(k) - T(k-1)."""
    n = len(x)
    y = 2 * x - 1
    previous, current = np.ones_like(y), y
    residuals = []
    for k in range(1, n + 1):
        exact = -1 / (k * k - 1) if k % 2 == 0 else 0.0
        residuals.append(np.mean(current) - exact)
        previous, current = current, 2 * y * current - previous
    return np.array(residuals)


# -- optimization benchmarks --------------------------------------------------------------


def ackley(x):
    """Ackley's function."""
    n = x.shape[0]
    first = -20 * np.exp(-0.2 * np.sqrt(np.sum(x**2) / n))
    return first - np.exp(np.mean(np.cos(2 * np.pi * x))) + 20 + np.e


def rastrigin(x):
    """Rastrigin's function."""
    return 10 * len(x) + np.sum(x**2 - 10 * np.cos(2 * np.pi * x))


def beale(x):
    """Beale's function of two variables."""
    a, b = x[0], x[1]
    return (1.5 - a + a * b) ** 2 + (2.25 - a + a * b**2) ** 2 + (2.625 - a + a * b**3) ** 2


def booth(x):
    """Booth's function, with a constant matrix product."""
    residual = np.array([[1.0, 2.0], [2.0, 1.0]]) @ x - np.array([7.0, 5.0])
    return np.dot(residual, residual)


def styblinski_tang(x):
    """Styblinski-Tang."""
    return 0.5 * np.sum(x**4 - 16 * x**2 + 5 * x)


def michalewicz(x, m=10):
    """Michalewicz: a high power of a sine."""
    i = np.arange(1, len(x) + 1)
    return -np.sum(np.sin(x) * np.sin(i * x**2 / np.pi) ** (2 * m))


def griewank(x):
    """Griewank: a product of cosines (np.prod)."""
    i = np.arange(1, len(x) + 1)
    return 1 + np.sum(x**2) / 4000 - np.prod(np.cos(x / np.sqrt(i)))


def zakharov(x):
    """Zakharov."""
    weighted = np.sum(0.5 * np.arange(1, len(x) + 1) * x)
    return np.sum(x**2) + weighted**2 + weighted**4


def levy(x):
    """Levy's function."""
    w = 1 + (x - 1) / 4
    middle = np.sum((w[:-1] - 1) ** 2 * (1 + 10 * np.sin(np.pi * w[:-1] + 1) ** 2))
    last = (w[-1] - 1) ** 2 * (1 + np.sin(2 * np.pi * w[-1]) ** 2)
    return np.sin(np.pi * w[0]) ** 2 + middle + last


def dixon_price(x):
    """Dixon-Price, with an in-place accumulation into a scalar."""
    total = (x[0] - 1) ** 2
    for i in range(1, len(x)):
        total += (i + 1) * (2 * x[i] ** 2 - x[i - 1]) ** 2
    return total


# -- small models -------------------------------------------------------------------------


def softmax(x):
    """Softmax, shifted by the maximum as numerically careful code does (np.max)."""
    shifted = np.exp(x - np.max(x))
    return shifted / np.sum(shifted)


def log_sum_exp(x):
    """The stable log-sum-exp."""
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def log_sum_exp_reduce(x):
    """Log-sum-exp as a reduction of np.logaddexp."""
    return np.logaddexp.reduce(x)


def dense_softplus(x):
    """A dense layer with the softplus activation, log1p(exp(.))."""
    return np.log1p(np.exp(W1 @ x + B1))


def dense_relu(x):
    """A dense layer with ReLU (np.maximum)."""
    return np.maximum(W1 @ x + B1, 0.0)


def mlp_tanh(x):
    """A two-layer perceptron with tanh and constant weights: its squared error."""
    hidden = np.tanh(W1 @ x + B1)
    output = W2 @ hidden + B2
    return 0.5 * np.sum((output - TARGET) ** 2)


def logistic_regression(w):
    """Mean logistic loss over a constant data matrix, log(1 + exp(-y a.w)), plus L2."""
    margins = LABELS * (FEATURES @ w)
    return np.mean(np.logaddexp(0.0, -margins)) + 0.05 * np.dot(w, w)


def gaussian_log_likelihood(theta):
    """Log-likelihood of constant samples under N(mu, sigma^2), sigma = exp(log_sigma)."""
    mu, log_sigma = theta[0], theta[1]
    sigma = np.exp(log_sigma)
    z = (SAMPLES - mu) / sigma
    n = SAMPLES.size
    return -0.5 * np.sum(z**2) - n * log_sigma - 0.5 * n * np.log(2 * np.pi)


def huber(x, delta=0.5):
    """Huber loss of a linear residual, by np.where and np.abs."""
    r = RESIDUAL_MATRIX @ x - RESIDUAL_TARGET
    quadratic = 0.5 * r**2
    linear = delta * (np.abs(r) - 0.5 * delta)
    return np.sum(np.where(np.abs(r) <= delta, quadratic, linear))


# -- NumPy's array functions --------------------------------------------------------------


def quadratic_form(x):
    """x.A.x + b.x with the @ operator and np.dot."""
    return x @ QUADRATIC @ x + np.dot(LINEAR, x)


def norms_and_sums(x):
    """np.linalg.norm, np.cumsum, np.diff and np.std."""
    return np.linalg.norm(x) + np.sum(np.cumsum(x) ** 2) / 10 + np.std(np.diff(x))


def careful_functions(x):
    """expm1, log1p, hypot, exp2, log2 and np.clip (inside the clip bounds)."""
    clipped = np.clip(x, -3.0, 3.0)
    return (
        np.sum(np.expm1(x) * np.log1p(x**2))
        + np.hypot(x[0], x[1])
        + np.log2(np.sum(np.exp2(clipped)))
    )


def in_place_updates(x):
    """Indexed in-place updates of an array made with np.zeros_like."""
    y = np.zeros_like(x)
    for i in range(len(x)):
        y[i] += x[i] ** 2
    y[1:] -= x[:-1] * x[1:]
    y[0] *= 3
    y[-1] /= 1 + x[0] ** 2
    return y


def degrees(x):
    """Angles in degrees: np.deg2rad, np.sin, np.cos and np.outer."""
    angles = np.deg2rad(x)
    return np.sum(np.outer(np.sin(angles), np.cos(angles)))


@dataclass(frozen=True)
class Case:
    """A test function: ``n`` variables drawn from ``[low, high]``; ``c`` also tries C."""

    function: Callable
    n: int
    low: float
    high: float
    c: bool = False

    @property
    def name(self) -> str:
        return self.function.__name__


CASES = [
    Case(rosenbrock, 5, -2.0, 2.0, c=True),
    Case(rosenbrock_pairs, 6, -2.0, 2.0),
    Case(powell_singular, 4, -2.0, 2.0),
    Case(wood, 4, -2.0, 2.0),
    Case(brown_badly_scaled, 2, 0.5, 2.0),
    Case(helical_valley, 3, 0.2, 2.0, c=True),
    Case(trigonometric, 4, -1.0, 1.0),
    Case(freudenstein_roth, 4, -2.0, 2.0),
    Case(discrete_boundary_value, 5, -1.0, 1.0),
    Case(broyden_tridiagonal, 5, -1.0, 1.0),
    Case(chebyquad, 4, 0.0, 1.0),
    Case(ackley, 4, -3.0, 3.0),
    Case(rastrigin, 4, -3.0, 3.0),
    Case(beale, 2, -2.0, 2.0),
    Case(booth, 2, -5.0, 5.0),
    Case(styblinski_tang, 4, -4.0, 4.0),
    Case(michalewicz, 4, 0.5, 3.0),
    Case(griewank, 4, -5.0, 5.0),
    Case(zakharov, 4, -2.0, 2.0),
    Case(levy, 4, -5.0, 5.0),
    Case(dixon_price, 4, -2.0, 2.0),
    Case(softmax, 4, -2.0, 2.0, c=True),
    Case(log_sum_exp, 5, -3.0, 3.0),
    Case(log_sum_exp_reduce, 4, -3.0, 3.0),
    Case(dense_softplus, 4, -2.0, 2.0),
    Case(dense_relu, 4, -2.0, 2.0),
    Case(mlp_tanh, 4, -2.0, 2.0, c=True),
    Case(logistic_regression, 3, -1.0, 1.0, c=True),
    Case(gaussian_log_likelihood, 2, -0.5, 0.5),
    Case(huber, 3, -1.5, 1.5),
    Case(quadratic_form, 4, -2.0, 2.0),
    Case(norms_and_sums, 5, -2.0, 2.0),
    Case(careful_functions, 4, -0.9, 2.0),
    Case(in_place_updates, 4, -2.0, 2.0),
    Case(degrees, 3, -90.0, 90.0),
]
