"""Loaded into schemathesis by scripts/schemathesis.sh (``SCHEMATHESIS_HOOKS``): no hooks, one
work-around for a CPython bug that crashed a role's run inside schemathesis itself.

CPython 3.11 keeps the AST builder's recursion depth in per-interpreter state, not per thread
(python/cpython#106905), so two threads in ``ast.parse`` at once can fail with "SystemError:
AST constructor recursion depth mismatch". Hypothesis parses a module's source to describe
the lambdas schemathesis filters its strategies with, and schemathesis runs two workers
(threads): now and then both did so at once, and the run ended in an error (seen as a crash
in the staff run, and in the campaigner's). Parsing is serialised here; Hypothesis caches
what it parsed, so the lock costs nothing measurable.
"""

import ast
import threading

_parse = ast.parse
_lock = threading.Lock()


def _serialised_parse(*args, **kwargs):
    with _lock:
        return _parse(*args, **kwargs)


ast.parse = _serialised_parse
