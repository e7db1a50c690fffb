"""C over arrays of points: a Program's nonzero outputs, computed in a loop in C.

Takes a Program whose outputs are only the structurally nonzero values (a flat list of
``nnz``), the flat positions of those values in the full output (``pattern``) and the full
output's size; returns C99 source defining, besides the per-point kernel ``NAME_point``
(``emit_c``'s function, made ``static`` so the compiler may inline it)::

    void NAME_values(const double *x, double *out, long long npoints);
    void NAME_dense(const double *x, double *out, long long npoints);

``x`` holds ``npoints`` rows of ``ninputs`` doubles (C order). ``NAME_values`` writes
``npoints`` rows of ``nnz`` values; ``NAME_dense`` writes ``npoints`` rows of ``size``
values: each row is cleared with one ``memset`` and the nonzeros are scattered through a
``static const`` index table, so a structural zero costs no statement at all.

Guarantees: the loops read exactly ``npoints * ninputs`` and write exactly ``npoints *
nnz`` (or ``* size``) doubles; the caller checks the buffers (see ``vector``).
"""

from __future__ import annotations

from collections.abc import Sequence

from symdiff.emit.c import emit_c
from symdiff.program.program import Program

__all__ = ["emit_c_points"]


def emit_c_points(program: Program, pattern: Sequence[int], size: int, *, name: str = "f") -> str:
    """C source looping over points (see the module docstring).

    Args:
        program: the Program of the nonzero values (flat outputs, one per pattern entry).
        pattern: the flat index of each value in the full output.
        size: the number of values in the full output.
        name: the prefix of the generated functions.

    Returns:
        The C source text.

    >>> from symdiff.core.parse import parse
    >>> from symdiff.program.cse import cse
    >>> source = emit_c_points(cse([parse("2*x")], inputs=["x"]), [1], 2)
    >>> print(source[source.index("void f_dense"):])
    void f_dense(const double *x, double *out, long long npoints)
    {
        double v[1];
        for (long long p = 0; p < npoints; ++p) {
            const double *xp = x + p*1;
            double *o = out + p*2;
            f_point(xp[0], v);
            memset(o, 0, 2*sizeof(double));
            for (int k = 0; k < 1; ++k) o[f_index[k]] = v[k];
        }
    }
    <BLANKLINE>
    """
    kernel_name = f"{name}_point"
    kernel = emit_c(program, name=kernel_name, careful=False)  # the caller's choice
    header = f"\nvoid {kernel_name}("
    if kernel.count(header) != 1:  # pragma: no cover - emit_c writes exactly one
        raise AssertionError("the kernel's definition was not found")
    kernel = kernel.replace(header, f"\nstatic void {kernel_name}(")
    inputs, nnz = len(program.inputs), len(pattern)
    arguments = ", ".join([*(f"xp[{k}]" for k in range(inputs)), "{out}"])
    loop = [
        "    for (long long p = 0; p < npoints; ++p) {",
        f"        const double *xp = x + p*{inputs};",
    ]
    signature = "(const double *x, double *out, long long npoints)"
    lines = ["#include <string.h>", kernel]
    lines += [f"void {name}_values{signature}", "{", *loop]
    lines += [f"        {kernel_name}({arguments.format(out=f'out + p*{nnz}')});", "    }", "}"]
    table = ", ".join(map(str, pattern)) or "0"
    lines += ["", f"static const long long {name}_index[{max(nnz, 1)}] = {{{table}}};", ""]
    lines += [f"void {name}_dense{signature}", "{", f"    double v[{max(nnz, 1)}];", *loop]
    lines += [
        f"        double *o = out + p*{size};",
        f"        {kernel_name}({arguments.format(out='v')});",
        f"        memset(o, 0, {size}*sizeof(double));",
        f"        for (int k = 0; k < {nnz}; ++k) o[{name}_index[k]] = v[k];",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"
