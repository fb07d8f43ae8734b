"""Print module and function size figures of the project's code (not tests, migrations, bench).

    python scripts/code_size.py [ROOT]

Figures: modules and their lines, functions and their lines (mean, 90th percentile, largest),
functions over 30 lines, imports inside functions (all, and those that cross apps), parameters
typed ``actor: Any``. Used for the before/after figures of refactoring notes.
"""

import ast
import statistics
import sys
from pathlib import Path

SKIP = {"migrations", "tests", "bench", ".venv", "var", "build", "node_modules", "staticfiles"}


def project_files(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*.py")
        if not SKIP.intersection(path.relative_to(root).parts)
        and not path.name.startswith("test_")
        and path.name != "conftest.py"
    )


def inner_imports(tree: ast.AST, app: str) -> tuple[int, int]:
    inner = crossing = 0
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for sub in ast.walk(node):
                if isinstance(sub, (ast.Import, ast.ImportFrom)):
                    inner += 1
                    module = sub.module if isinstance(sub, ast.ImportFrom) else sub.names[0].name
                    level = sub.level if isinstance(sub, ast.ImportFrom) else 0
                    if level == 0 and module and module.split(".")[0] not in {app, "django"}:
                        top = module.split(".")[0]
                        if (Path(sys.argv[1] if len(sys.argv) > 1 else ".") / top).is_dir():
                            crossing += 1
    return inner, crossing


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    module_lines, function_lines = [], []
    inner = crossing = actor_any = 0
    for path in project_files(root):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        module_lines.append(len(source.splitlines()))
        app = path.relative_to(root).parts[0]
        counts = inner_imports(tree, app)
        inner, crossing = inner + counts[0], crossing + counts[1]
        actor_any += source.count("actor: Any")
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                function_lines.append((node.end_lineno or node.lineno) - node.lineno + 1)
    function_lines.sort()
    module_lines.sort()
    print(f"modules: {len(module_lines)}, lines {sum(module_lines)}")
    print(
        f"  mean {statistics.mean(module_lines):.0f}, p90 {module_lines[int(0.9 * len(module_lines))]},"
        f" largest {module_lines[-1]}, over 400 lines: {sum(1 for n in module_lines if n > 400)}"
    )
    print(f"functions: {len(function_lines)}")
    print(
        f"  mean {statistics.mean(function_lines):.1f}, p90 {function_lines[int(0.9 * len(function_lines))]},"
        f" largest {function_lines[-1]}, over 30 lines: {sum(1 for n in function_lines if n > 30)}"
    )
    print(f"imports inside functions: {inner} (crossing apps: {crossing})")
    print(f"parameters typed 'actor: Any': {actor_any}")


if __name__ == "__main__":
    main()
