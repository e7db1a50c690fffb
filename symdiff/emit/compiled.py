"""The callables ``lambdify`` returns: call them, read their code, pickle them.

Takes the inner function and how it was built; returns a ``Compiled`` callable carrying its
``program`` and options (and ``source``, ``library`` ... set by ``lambdify``).

Guarantees: a ``Compiled`` pickles as its Program (inputs, assignments and outputs, which
pickle as flat node lists) and its options, and unpickling calls ``lambdify`` again: the
Python and NumPy code is generated anew, C is recompiled or loaded from the disk cache. So
it crosses process boundaries (``multiprocessing``, ``concurrent.futures``); a user function
it calls must be registered in the receiving process too (it is stored by name).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from symdiff.program.program import Assign, Program, nest

__all__ = ["Compiled", "program_state", "rebuild_program"]


class Compiled:
    """A function made by ``lambdify``.

    Attributes:
        program: the Program it computes.
        options: the ``lambdify`` options it was made with (backend, name, ...).

    >>> import pickle
    >>> from symdiff.core.parse import parse
    >>> from symdiff.emit.lambdify import lambdify
    >>> f = pickle.loads(pickle.dumps(lambdify(parse("x*y"), "x y")))
    >>> f(2.0, 3.0), f
    (6.0, <symdiff python function f(x, y)>)
    """

    def __init__(self, call: Callable[..., Any], program: Program, options: dict[str, Any]):
        self._call = call
        self.program = program
        self.options = options
        self.__name__ = options["name"]

    def __call__(self, *args: Any) -> Any:
        return self._call(*args)

    def __reduce__(self) -> tuple:
        return (_rebuild, (program_state(self.program), self.options))

    def __repr__(self) -> str:
        options = self.options
        params = ", ".join(self.program.input_names)
        if options.get("signature") == "vector":
            params = f"x[{len(self.program.inputs)}]"
        return f"<symdiff {options['backend']} function {options['name']}({params})>"


def program_state(program: Program) -> tuple:
    """A Program as plain data that pickles: inputs, (name, expression) pairs, outputs."""
    assignments = [(a.name, a.expr) for a in program.assignments]
    return (program.inputs, assignments, program.outputs, program.shape)


def rebuild_program(state: tuple) -> Program:
    """The Program ``program_state`` describes."""
    inputs, assignments, outputs, shape = state
    shaped = nest(list(outputs), shape, list) if shape else outputs[0]
    return Program(inputs, [Assign.of(name, expr) for name, expr in assignments], shaped)


def _rebuild(state: tuple, options: dict[str, Any]) -> Compiled:
    from symdiff.emit.lambdify import lambdify  # same stage; lambdify builds Compiled

    options = dict(options)
    backend = options.pop("backend")
    return lambdify(rebuild_program(state), None, backend, **options)  # type: ignore[return-value]
