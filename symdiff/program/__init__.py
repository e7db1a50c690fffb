"""Programs: common subexpression elimination and the ``Program`` it returns.

Takes one expression or a nested list of them (a gradient, a Jacobian); returns a ``Program``
(``program``): named inputs, ordered assignments (the Wengert list) and outputs that share
the temporaries, built by ``cse`` over the DAG.

Guarantees: every unique node is computed once; the ``Program`` constructor checks the
Wengert-list invariant (each name assigned once, after the names it uses) and raises
``ProgramError``; building and checking are iterative and linear in the program's size.
``Program``'s convenience methods (``to_python()``, ``_repr_html_``, ...) import
``symdiff.emit`` and ``symdiff.notebook`` lazily inside the method.

>>> from symdiff.program import cse
>>> from symdiff import parse
>>> print(cse(parse("sin(x^2) + cos(x^2)")))
t1 = x^2
out = sin(t1) + cos(t1)
"""

from symdiff.program.cse import Assign, Program, cse

__all__ = ["Assign", "Program", "cse"]
