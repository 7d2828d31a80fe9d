"""The layering rules that keep modules from importing each other in a circle."""

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[1] / "requests_app" / "services"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_service_imports_the_tasks_module():
    """Tasks call services; a service queues a task by its registered name
    (``services.mail_delivery.enqueue``), so the two never import each other."""
    offenders = [
        path.name
        for path in sorted(SERVICES.glob("*.py"))
        if "requests_app.tasks" in _imported_modules(path)
    ]
    assert offenders == []
