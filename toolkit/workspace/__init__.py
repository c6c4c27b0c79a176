"""The workspace: the secretariat's folder for a review, where every command reads and writes.

A workspace is a folder holding a ``cosp.toml`` file (``cosp init`` creates both).  Every
command finds it as git finds a repository: the folder given with ``--workspace`` or in the
``COSP_WORKSPACE`` environment variable, else the nearest folder holding ``cosp.toml`` from the
current folder upwards, else the current folder itself (the command says so).  Its layout::

    cosp.toml        settings (name, default cycle)
    cycles/          the secretariat's cycle files, and the lock of every cycle issued
    data/            own copies of the registry (states.yaml) and the obligation overrides
    templates/       own copies of the wording (questions.yaml, letters, translations)
    inbox/           the files States return, saved as received
    store/           the database of accepted submissions and the archive of every file
    questionnaires/  the workbooks written for each cycle
    letters/         the notes verbales prepared
    build/           the catalogue, the published site and the other outputs

Lock files, the store and every output live here, never in the installed package.  The
toolkit's bundled defaults (:mod:`toolkit.resources`) are used unless the workspace holds its
own copy, so the secretariat corrects a mission's address or translates a template without
touching the code.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from toolkit import datafile, resources
from toolkit.errors import ConfigError, Finding, Location

CONFIG = "cosp.toml"
"""The file that makes a folder a workspace."""
ENVIRONMENT = "COSP_WORKSPACE"
"""The environment variable naming the workspace (``--workspace`` wins over it)."""
DEFAULT_CYCLE = "first-review-cycle"
LOCK_SUFFIX = ".questions.json"
"""Ending of a cycle's lock file: ``cycles/<cycle id>.questions.json``."""

FOLDERS: dict[str, str] = {
    "cycles": "the secretariat's cycle files and the lock of every cycle issued",
    "data": "own copies of the registry (states.yaml) and the obligation overrides",
    "templates": "own copies of the wording (questions.yaml, letters, translations)",
    "inbox": "the files States return, saved as received",
    "store": "the database of accepted submissions and the archive of every received file",
    "questionnaires": "the workbooks written for each cycle",
    "letters": "the notes verbales prepared for each cycle",
    "build": "the catalogue, the published site and the other outputs",
}
"""The folders of a workspace and what each holds (``cosp init`` creates them)."""

Origin = Literal["option", "environment", "found", "current"]


def _cycle_id(value: str) -> str | None:
    if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        return None
    return "a cycle id: lower-case letters, digits and hyphens (first-review-cycle)"


def _text(value: str) -> str | None:
    return None if value.strip() else "a non-empty text"


@dataclass(frozen=True)
class Settings:
    """The settings of ``cosp.toml`` (table ``[workspace]``); every key is optional."""

    name: str = field(
        default="",
        metadata={
            "help": "how messages and the published site name this workspace",
            "check": _text,
        },
    )
    default_cycle: str = field(
        default=DEFAULT_CYCLE,
        metadata={
            "help": "the review cycle used when --cycle is not given: the id of a cycle file "
            "in cycles/ or of a cycle bundled with the toolkit",
            "check": _cycle_id,
        },
    )


SETTING_KEYS = tuple(f.name for f in fields(Settings))


def config_text(name: str) -> str:
    """The ``cosp.toml`` that ``cosp init`` writes: every setting with what it means."""
    lines = [
        "# The workspace of the CoSP toolkit: every `cosp` command run in this folder (or below",
        "# it) reads and writes here. Written by `cosp init`; edit the values freely.",
        "[workspace]",
    ]
    for item in fields(Settings):
        lines.append(f"# {item.metadata['help'][:1].upper()}{item.metadata['help'][1:]}.")
        value = name if item.name == "name" else item.default
        lines.append(f"{item.name} = {_toml_string(str(value))}")
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


@dataclass(frozen=True)
class Workspace:
    """A workspace folder and its settings, as a command found it."""

    root: Path
    settings: Settings
    origin: Origin
    """How it was found: ``--workspace``, ``COSP_WORKSPACE``, ``cosp.toml`` above the current
    folder, or the current folder serving as one (no ``cosp.toml`` anywhere above)."""

    @property
    def config_file(self) -> Path:
        """The workspace's ``cosp.toml`` (it may not exist when the current folder serves)."""
        return self.root / CONFIG

    @property
    def name(self) -> str:
        """The workspace's name: its setting, else the folder's name."""
        return self.settings.name or self.root.name or str(self.root)

    def describe(self) -> str:
        """One line saying which workspace a command uses and why."""
        how = {
            "option": "given with --workspace",
            "environment": f"given by {ENVIRONMENT}",
            "found": f"{CONFIG} found from the current folder",
            "current": f"no {CONFIG} here or above: the current folder serves as the workspace "
            "(create one with `cosp init`)",
        }[self.origin]
        return f"workspace {self.root} ({how})"

    # -- folders -------------------------------------------------------------------------------

    def folder(self, name: str) -> Path:
        """One of the workspace's :data:`FOLDERS` (not created here)."""
        if name not in FOLDERS:
            raise KeyError(f"no workspace folder {name!r}")
        return self.root / name

    @property
    def inbox(self) -> Path:
        """Where the secretariat saves the files States return."""
        return self.folder("inbox")

    @property
    def store_db(self) -> Path:
        """The store's database (its archive is beside it)."""
        return self.folder("store") / "cosp.sqlite3"

    @property
    def questionnaires(self) -> Path:
        """Where each cycle's workbooks are written (``questionnaires/<cycle>/``)."""
        return self.folder("questionnaires")

    @property
    def letters(self) -> Path:
        """Where each cycle's letters are written."""
        return self.folder("letters")

    @property
    def build(self) -> Path:
        """Where the catalogue, the published site and other outputs are written."""
        return self.folder("build")

    # -- data: the workspace's copy, else the bundled default -----------------------------------

    def data_file(self, name: str) -> Path:
        """A data file: ``data/<name>`` when the workspace has it, else the bundled one."""
        own = self.folder("data") / name
        return own if own.is_file() else resources.DATA / name

    @property
    def registry_file(self) -> Path:
        """The States registry in use."""
        return self.data_file(resources.REGISTRY.name)

    @property
    def overrides_file(self) -> Path:
        """The obligation overrides of the bundled Convention in use."""
        return self.data_file(resources.OVERRIDES.name)

    def overrides_for(self, source: Path | str | None) -> Path | None:
        """The obligation overrides that apply to an instrument text (None: the bundled
        Convention): the workspace's own copy or the bundled one for the bundled Convention,
        none for another instrument (it is classified by the rules alone)."""
        if source is not None and Path(source).resolve() != resources.CONVENTION.resolve():
            return None
        return self.overrides_file

    def template(self, name: str) -> Path:
        """A template: ``templates/<name>`` when the workspace has it, else the bundled one."""
        own = self.folder("templates") / name
        return own if own.is_file() else resources.TEMPLATES / name

    def template_folders(self) -> tuple[Path, ...]:
        """Where templates are looked for, the workspace's own folder first."""
        own = self.folder("templates")
        return (own, resources.TEMPLATES) if own.is_dir() else (resources.TEMPLATES,)

    # -- cycles ----------------------------------------------------------------------------------

    def lock_file(self, cycle_id: str) -> Path:
        """The lock of a cycle: the questions as issued, ``cycles/<id>.questions.json``."""
        return self.folder("cycles") / f"{cycle_id}{LOCK_SUFFIX}"

    def cycle_files(self) -> dict[str, Path]:
        """Every cycle file by the id in its name: the workspace's, then the bundled ones that
        the workspace does not replace (a file of the same name)."""
        found: dict[str, Path] = {}
        for folder in (self.folder("cycles"), resources.CYCLES):
            if folder.is_dir():
                for path in sorted(folder.glob("*.yaml")):
                    found.setdefault(path.stem, path)
        return found

    def cycle_file(self, given: str | Path | None = None) -> Path:
        """The cycle file a command uses: ``given`` as a path when it names a file, else as a
        cycle id (the workspace's cycle file of that name, else the bundled one); without
        ``given``, the workspace's default cycle."""
        if given is not None and Path(given).is_file():
            return Path(given)
        if given is not None and Path(given).suffix in (".yaml", ".yml"):
            raise ConfigError.at(
                "workspace.no-cycle-file",
                Location(str(given)),
                "this cycle file does not exist.",
                "Check the path, or give the id of a cycle (cosp cycles lists them).",
            )
        wanted = str(given) if given is not None else self.settings.default_cycle
        files = self.cycle_files()
        if wanted in files:
            return files[wanted]
        where = (
            Location("--cycle")
            if given is not None
            else Location(str(self.config_file), key="default_cycle")
        )
        raise ConfigError.at(
            "workspace.unknown-cycle",
            where,
            f"there is no review cycle {wanted!r} in {self.folder('cycles')} nor among the "
            f"cycles bundled with the toolkit ({', '.join(files) or 'none'}).",
            "Give the id of a known cycle or the path of a cycle file."
            + datafile.suggest(wanted, files),
        )


def locate(
    option: str | Path | None = None,
    environment: Mapping[str, str] | None = None,
    current: Path | None = None,
) -> Workspace:
    """The workspace a command uses (see the module): ``option`` is ``--workspace``."""
    environment = os.environ if environment is None else environment
    current = Path.cwd() if current is None else current
    if option is not None:
        return open_workspace(Path(option), "option", "--workspace")
    if environment.get(ENVIRONMENT):
        return open_workspace(Path(environment[ENVIRONMENT]), "environment", ENVIRONMENT)
    for folder in (current, *current.parents):
        if (folder / CONFIG).is_file():
            return Workspace(folder, read_settings(folder / CONFIG), "found")
    return Workspace(current, Settings(), "current")


def open_workspace(root: Path, origin: Origin, given_by: str) -> Workspace:
    """The workspace in ``root``, which must hold ``cosp.toml`` (``given_by`` names how the
    folder was given, for the message)."""
    root = root.expanduser().absolute()
    if not (root / CONFIG).is_file():
        what = "does not exist" if not root.exists() else f"holds no {CONFIG}"
        raise ConfigError.at(
            "workspace.not-a-workspace",
            Location(str(root)),
            f"the folder given by {given_by} {what}, so it is not a workspace.",
            f"Create the workspace with `cosp init {root}`, or give the folder that holds "
            f"{CONFIG}.",
        )
    return Workspace(root, read_settings(root / CONFIG), origin)


def read_settings(path: Path) -> Settings:
    """Read and check ``cosp.toml``; every problem is reported at once with its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise ConfigError.at(
            "workspace.config",
            Location(str(path)),
            f"the file cannot be read ({reason}).",
            "Save it as UTF-8 text.",
        ) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _error_line(str(error))
        raise ConfigError.at(
            "workspace.config",
            Location(str(path), line=line),
            f"this is not valid TOML ({error}).",
            'Write each setting as key = "value" under [workspace].',
        ) from None
    findings: list[Finding] = []

    def problem(key: str, message: str, hint: str) -> None:
        where = Location(str(path), line=_key_line(text, key), key=key)
        findings.append(Finding("workspace.config", "error", message, where, hint))

    for table in document:
        if table != "workspace":
            problem(table, f"unknown table [{table}].", "The settings go under [workspace].")
    section = document.get("workspace", {})
    if not isinstance(section, dict):
        problem("workspace", "workspace must be a table.", "Write [workspace] on its own line.")
        section = {}
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key not in SETTING_KEYS:
            problem(
                key,
                f"unknown setting {key!r}.{datafile.suggest(key, SETTING_KEYS)}",
                f"The settings are: {', '.join(SETTING_KEYS)}.",
            )
            continue
        spec = next(f for f in fields(Settings) if f.name == key)
        check: Callable[[str], str | None] = spec.metadata["check"]
        expected = "a text" if not isinstance(value, str) else check(value)
        if expected:
            problem(
                key, f"{key} = {value!r} is not {expected}.", f"{key}: {spec.metadata['help']}."
            )
        else:
            values[key] = value.strip()
    if findings:
        raise ConfigError(*findings)
    return Settings(**values)


def _error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _key_line(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*(?:\[\s*{re.escape(key)}\s*\]|{re.escape(key)}\s*=)")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def defaults() -> dict[str, Path]:
    """The bundled files ``cosp init --copy`` can copy into a workspace, by what they are."""
    return {
        "registry": resources.REGISTRY,
        "overrides": resources.OVERRIDES,
        "cycle": resources.CYCLES / f"{DEFAULT_CYCLE}.yaml",
        "templates": resources.TEMPLATES,
    }


def copy_target(workspace: Workspace, what: str) -> Path:
    """Where ``cosp init --copy WHAT`` puts a default in a workspace."""
    source = defaults()[what]
    folder = {"registry": "data", "overrides": "data", "cycle": "cycles", "templates": "templates"}
    if what == "templates":
        return workspace.folder("templates")
    return workspace.folder(folder[what]) / source.name


def from_arguments(args: Any) -> Workspace:
    """The workspace of a command's parsed arguments, located once and announced on stderr.

    ``args.workspace`` is ``--workspace``; ``args.quiet`` silences the announcement.
    """
    found = getattr(args, "_workspace", None)
    if isinstance(found, Workspace):
        return found
    workspace = locate(getattr(args, "workspace", None))
    args._workspace = workspace
    if not getattr(args, "quiet", False):
        print(f"cosp: {workspace.describe()}", file=sys.stderr)
    return workspace
