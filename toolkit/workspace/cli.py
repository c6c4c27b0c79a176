"""``cosp init``: create a workspace, or complete one, and copy defaults out for editing."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from toolkit.errors import Location, UsageError
from toolkit.files import check_output_folder, write_atomically
from toolkit.workspace import (
    CONFIG,
    FOLDERS,
    Workspace,
    config_text,
    copy_target,
    defaults,
    read_settings,
)


def register(subparsers: Any) -> None:
    """Add the ``init`` subcommand."""
    parser = subparsers.add_parser(
        "init",
        help="create a workspace (cosp.toml and its folders), or complete one",
        description="Create the workspace folder DIR (default: the current folder): a "
        f"{CONFIG} file and the folders {', '.join(FOLDERS)}. An existing workspace is "
        "completed: what is there is kept, missing folders are created. With --copy, a "
        "bundled default is copied into the workspace for editing; the workspace's copy is "
        "used from then on.",
    )
    parser.add_argument("directory", nargs="?", type=Path, metavar="DIR")
    parser.add_argument("--name", help="the workspace's name (default: the folder's name)")
    parser.add_argument(
        "--copy",
        nargs="+",
        default=[],
        choices=(*defaults(), "all"),
        metavar="WHAT",
        help="copy bundled defaults into the workspace for editing: registry "
        "(data/states.yaml), overrides (data/obligation_overrides.yaml), cycle "
        "(cycles/first-review-cycle.yaml), templates (templates/), or all",
    )
    parser.set_defaults(run=run, needs_workspace=False)


def run(args: argparse.Namespace) -> int:
    """Create or complete the workspace; print what was made."""
    root = (args.directory or Path.cwd()).expanduser().absolute()
    check_output_folder(root, "DIR", "Give the path of a folder (it is created if missing).")
    config = root / CONFIG
    made: list[str] = []
    if config.is_file():
        read_settings(config)  # a damaged cosp.toml is reported, not silently kept
        if args.name:
            raise UsageError.at(
                "workspace.exists",
                Location(str(config)),
                "this folder is already a workspace; --name applies to a new one.",
                f"Edit the name in {CONFIG}.",
            )
    else:
        write_atomically(config, config_text(args.name or root.name).encode("utf-8"))
        made.append(f"wrote {config}")
    workspace = Workspace(root, read_settings(config), "option")
    for name in FOLDERS:
        folder = workspace.folder(name)
        if not folder.is_dir():
            folder.mkdir(parents=True)
            made.append(f"made  {folder}/  ({FOLDERS[name]})")
    wanted = list(defaults()) if "all" in args.copy else list(dict.fromkeys(args.copy))
    for what in wanted:
        made.extend(_copy(workspace, what))
    for line in made:
        print(line)
    state = "ready" if made else "complete already: nothing to do"
    print(f"workspace {root}: {state}. Every cosp command run in this folder (or below) uses it.")
    return 0


def _copy(workspace: Workspace, what: str) -> list[str]:
    """Copy one default into the workspace; an existing copy is kept, never overwritten."""
    source, target = defaults()[what], copy_target(workspace, what)
    if source.is_dir():
        done = []
        for path in sorted(source.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                done += _copy_file(path, target / path.relative_to(source))
        return done
    return _copy_file(source, target)


def _copy_file(source: Path, target: Path) -> list[str]:
    if target.exists():
        print(f"cosp: {target}: kept: the workspace already has its own copy.", file=sys.stderr)
        return []
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return [f"copied {target}  (from the bundled {source.name}; edit it here)"]
