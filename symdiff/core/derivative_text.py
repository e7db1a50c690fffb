"""Partial derivatives written as text, for ``register_function``.

Takes the derivative texts (``"1/(1 + exp(-u))"``) and the function's parameter names;
returns one builder per argument, as ``register_function`` stores them. Guarantees:

- each text is parsed once, at registration, over the parameter names: a name that is not
  a parameter raises ``SymdiffError`` naming it (and the parameters), an unknown function
  the parser's ``UnknownFunctionError``;
- the function being registered may appear in its own derivative (the logistic
  ``sigmoid`` has ``"sigmoid(u)*(1 - sigmoid(u))"``): the texts are parsed once the
  function is in the registry, and a failure removes it again (``register_function``);
- a builder substitutes the call's arguments for the parameters in the parsed template.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

from symdiff.core.errors import ArgumentError, SymdiffError, describe
from symdiff.core.expr import Expr, Symbol

__all__ = ["TextDerivatives", "parameter_names"]


def parameter_names(impl: Callable[..., float], params: Sequence[str] | None) -> list[str]:
    """``params``, or the positional parameter names of ``impl`` read with ``inspect``."""
    if params is not None:
        if isinstance(params, str) or not all(isinstance(p, str) for p in params):
            raise ArgumentError(f"params must be a list of names, not {describe(params)}")
        names = list(params)
    else:
        try:
            signature = inspect.signature(impl)
        except (TypeError, ValueError):
            raise SymdiffError(
                "cannot read the parameter names of impl for the derivative texts;"
                " pass params=['u', ...]"
            ) from None
        kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        names = [p.name for p in signature.parameters.values() if p.kind in kinds]
    for name in names:
        Symbol(name)  # a usable symbol name, or a clear error
    if len(set(names)) != len(names):
        raise SymdiffError(f"params must be distinct names, not {names}")
    return names


class TextDerivatives:
    """The builders for derivatives given as text; ``compile`` parses and checks them.

    >>> from symdiff.core.expr import symbols
    >>> rules = TextDerivatives(["2*u"], ["u"])
    >>> rules.compile("sq")
    >>> str(rules.builders()[0](symbols("x") + 1))
    '2*(x + 1)'
    """

    def __init__(self, items: Sequence[object], names: Sequence[str]) -> None:
        self.items = list(items)
        self.names = list(names)
        self.templates: list[Expr | None] = [None] * len(self.items)

    def builders(self) -> list[Callable[..., Expr] | None]:
        """One builder per argument (callable items are kept as they are)."""
        return [self._builder(i, item) for i, item in enumerate(self.items)]

    def _builder(self, index: int, item: object) -> Callable[..., Expr] | None:
        if not isinstance(item, str):
            return item  # type: ignore[return-value]

        def build(*args: Expr) -> Expr:
            from symdiff.core.traverse import subs

            template = self.templates[index]
            if template is None:
                raise SymdiffError(f"the derivative text {item!r} was never checked")
            return subs(template, dict(zip(self.names, args, strict=True)))

        return build

    def compile(self, function_name: str) -> None:
        """Parse every text and check its names (call with the function registered)."""
        from symdiff.core.parse import parse
        from symdiff.core.traverse import free_symbols

        allowed = {Symbol(n) for n in self.names}
        for i, item in enumerate(self.items):
            if not isinstance(item, str):
                continue
            template = parse(item)
            unknown = sorted(s.name for s in free_symbols(template) - allowed)
            if unknown:
                raise SymdiffError(
                    f"the derivative {i + 1} of {function_name!r}, {item!r}, uses"
                    f" {', '.join(unknown)}, not among the parameters ({', '.join(self.names)});"
                    " name them with params=[...]"
                )
            self.templates[i] = template
