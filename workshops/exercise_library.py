"""The shared exercises as data: one YAML file per exercise key in workshops/exercise_defs/.

Each file is a list of steps that workshops.engine runs; adding an exercise is adding a file
(and its key to workshops.exercises.EXERCISE_KEYS). A run copies its definition when it
starts, so editing a file never changes a run that is under way.
"""

from functools import lru_cache
from pathlib import Path

import yaml

from .engine import validate_definition
from .exercises import EXERCISE_KEYS

DEFINITIONS_DIR = Path(__file__).resolve().parent / "exercise_defs"


class ExerciseDefinitionError(Exception):
    def __init__(self, filename: str, problems: list[str]) -> None:
        super().__init__(f"{filename}: " + "; ".join(problems))
        self.filename = filename
        self.problems = problems


def read_definition_file(path: Path) -> dict:
    """Parse and check one file; raise ExerciseDefinitionError naming the file and the problems."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ExerciseDefinitionError(path.name, [f"cannot be read as YAML ({exc.__class__.__name__})"]) from exc
    if not isinstance(data, dict):
        raise ExerciseDefinitionError(path.name, ["must be a mapping with 'key', titles and 'steps'"])
    problems = validate_definition(data)
    if data.get("key") not in EXERCISE_KEYS:
        problems.append(f"unknown exercise key '{data.get('key')}' (known: {', '.join(EXERCISE_KEYS)})")
    elif path.stem != data["key"]:
        problems.append(f"file name must be '{data['key']}.yaml'")
    if problems:
        raise ExerciseDefinitionError(path.name, problems)
    return data


@lru_cache(maxsize=1)
def _library() -> dict[str, dict]:
    definitions = {}
    for path in sorted(DEFINITIONS_DIR.glob("*.yaml")):
        definition = read_definition_file(path)
        definitions[definition["key"]] = definition
    missing = set(EXERCISE_KEYS) - set(definitions)
    if missing:
        raise ExerciseDefinitionError(str(DEFINITIONS_DIR), [f"no definition for {', '.join(sorted(missing))}"])
    return definitions


def exercise_definition(key: str) -> dict:
    """The definition for `key`; KeyError for a key that has none."""
    return _library()[key]


def exercise_definitions() -> dict[str, dict]:
    return dict(_library())
