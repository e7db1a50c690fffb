"""Float implementations of the special functions ``math`` lacks: digamma, polygamma, beta.

Takes floats, returns floats to full double accuracy (about 1e-15 relative away from zeros
of the function): recurrence up to an argument where the asymptotic series converges,
reflection for negative arguments, and a Taylor series around the positive zero of
``digamma`` (1.4616...), where the recurrence would cancel. Outside the real domain (a pole at
a nonpositive integer, a polygamma order that is not a nonnegative integer) they raise
``ValueError``, as ``math`` does; a value beyond the float range raises ``OverflowError``.

Each function is self-contained and uses only names from ``math`` (imported bare), so that
the Python emitter copies its source into generated code unchanged.
"""

from __future__ import annotations

from math import exp, floor, gamma, inf, isfinite, lgamma, log, pi, tan

__all__ = ["_beta", "_digamma", "_polygamma"]


def _digamma(x: float) -> float:
    """The digamma function psi(x) = d/dx log|gamma(x)|.

    >>> round(_digamma(1.0), 14)
    -0.57721566490153
    """
    if x != x or x == inf:
        return x
    if x <= 0.0 and x == floor(x):
        raise ValueError("digamma has a pole at a nonpositive integer")
    shift = 0.0
    if x < 0.0:  # reflection: psi(x) = psi(1 - x) - pi*cot(pi*x); cot has period 1
        shift = -pi / tan(pi * (x - floor(x + 0.5)))
        x = 1.0 - x
    t = x - 1.4616321449683622
    if abs(t) < 0.1:  # around the zero x0: Taylor series, t = x - x0 (x0 in two parts)
        t -= 9.549995429965697e-17
        c = (
            0.9676722454476212,
            -0.4427631689835921,
            0.258499760955651,
            -0.16394270544240652,
            0.10782405069126237,
            -0.07219956125645471,
            0.04880428816414311,
            -0.03316112647484736,
            0.022597648232218104,
            -0.01542476590494896,
            0.010538791616612175,
            -0.007204534386356869,
            0.004926781395729853,
            -0.003369801655439328,
            0.002305126326734928,
            -0.0015769367714301972,
        )
        total = 0.0
        for coefficient in reversed(c):
            total = total * t + coefficient
        return shift + total * t
    while x < 10.0:  # psi(x) = psi(x + 1) - 1/x
        shift -= 1.0 / x
        x += 1.0
    w = 1.0 / (x * x)
    # log(x) - 1/(2x) - sum B_2k / (2k x^2k), k = 1..8
    series = w * (
        1.0 / 12
        - w
        * (
            1.0 / 120
            - w
            * (
                1.0 / 252
                - w
                * (
                    1.0 / 240
                    - w * (1.0 / 132 - w * (691.0 / 32760 - w * (1.0 / 12 - w * 3617.0 / 8160)))
                )
            )
        )
    )
    return shift + (log(x) - 0.5 / x - series)


def _polygamma(n: float, x: float) -> float:
    """The polygamma function psi^(n)(x), the n-th derivative of digamma (n = 0 is digamma).

    >>> round(_polygamma(1, 1.0), 15)  # pi^2/6
    1.644934066848226
    """
    if n != floor(n) or n < 0.0:
        raise ValueError("the order of polygamma must be a nonnegative integer")
    if n == 0.0:
        return _digamma(x)
    if n > 170.0:
        raise OverflowError("polygamma order beyond 170")
    if x != x:
        return x
    if x <= 0.0 and x == floor(x):
        raise ValueError("polygamma has a pole at a nonpositive integer")
    k = int(n)
    if x < 0.0:  # psi^(n)(x) = (-1)^n psi^(n)(1 - x) - pi^(n+1) P_n(cot(pi x))
        c = 1.0 / tan(pi * (x - floor(x + 0.5)))
        p = [0.0, 1.0]  # P_0(c) = c; P_(j+1) = -(1 + c^2) P_j'
        for _ in range(k):
            d = [i * p[i] for i in range(1, len(p))] + [0.0, 0.0]
            p = [-(d[i] + (d[i - 2] if i >= 2 else 0.0)) for i in range(len(d))]
        value = 0.0
        for coefficient in reversed(p):
            value = value * c + coefficient
        other = _polygamma(n, 1.0 - x)
        return (other if k % 2 == 0 else -other) - pi ** (k + 1) * value
    # (-1)^(n+1) n! zeta(n + 1, x): a sum up to a, then Euler-Maclaurin from a
    s = k + 1.0
    total = 0.0
    while x < 12.0 + k:
        total += x**-s
        x += 1.0
    total += x ** (1.0 - s) / (s - 1.0) + 0.5 * x**-s
    bernoulli = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510)
    rising = s  # s (s + 1) ... (s + 2j - 2)
    power = x ** (-s - 1.0)
    factorial = 2.0
    for j, b in enumerate(bernoulli, start=1):
        term = b / factorial * rising * power
        total += term
        if abs(term) < 1e-17 * total:
            break
        rising *= (s + 2 * j - 1) * (s + 2 * j)
        power /= x * x
        factorial *= (2 * j + 1) * (2 * j + 2)
    value = gamma(s) * total
    if not isfinite(value):
        raise OverflowError("polygamma overflows")
    return value if k % 2 == 1 else -value


def _beta(a: float, b: float) -> float:
    """The beta function gamma(a) gamma(b) / gamma(a + b).

    >>> _beta(2.0, 3.0)
    0.08333333333333333
    """
    if (a <= 0.0 and a == floor(a)) or (b <= 0.0 and b == floor(b)):
        raise ValueError("beta has a pole where an argument is a nonpositive integer")
    small, large = min(a, b, key=abs), max(a, b, key=abs)
    if large >= 1e8 * max(1.0, abs(small)):
        # a + b rounds to the large one: gamma(large)/gamma(large + small) ~ large^-small
        sign = -1.0 if small < 0.0 and floor(small) % 2 == 1 else 1.0
        log_ratio = -small * log(large) - small * (small - 1.0) / (2.0 * large)
        return sign * exp(lgamma(small) + log_ratio)
    s = a + b
    if s <= 0.0 and s == floor(s):
        return 0.0  # 1/gamma is 0 at the poles of gamma
    try:
        value = gamma(a) * gamma(b) / gamma(s)
        if isfinite(value) and value != 0.0:
            return value
    except OverflowError:
        pass
    sign = 1.0
    for u in (a, b, s):
        if u < 0.0 and floor(u) % 2 == 1:
            sign = -sign
    value = exp(lgamma(a) + lgamma(b) - lgamma(s))
    if not isfinite(value):
        raise OverflowError("beta overflows")
    return sign * value
