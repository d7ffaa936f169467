"""Load the training from the versioned YAML files in workshops/content/ into the database.

All files are parsed and validated before anything is written; the write is one transaction,
so a malformed file loads nothing. Rows are matched by their keys (module slug, section slug,
prompt key, source citation), so loading twice changes nothing and participants' journal
entries and reading progress, which point at those rows, stay where they are.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .exercises import EXERCISE_KEYS
from .models import JournalPrompt, Module, Section, Source, Training

CONTENT_DIR = Path(__file__).resolve().parent / "content"
TRAINING_FILE = "training.yaml"
MODULE_FILE_PATTERN = re.compile(r"^(\d{2})-[a-z0-9-]+\.yaml$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = ("nl", "en")
MIN_SECTIONS, MAX_SECTIONS = 2, 4


class ContentError(Exception):
    """A content file is malformed; the message names the file and the problem."""

    def __init__(self, filename: str, problem: str):
        self.filename = filename
        self.problem = problem
        super().__init__(f"{filename}: {problem}")


@dataclass
class LoadResult:
    training: Training | None = None
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


# --- Parsing and validation (no database) ---------------------------------------------------


class _Reader:
    """Typed access to one YAML mapping; every failure names the file and where in it."""

    def __init__(self, filename: str):
        self.filename = filename

    def fail(self, problem: str):
        raise ContentError(self.filename, problem)

    def mapping(self, data, where: str) -> dict:
        if not isinstance(data, dict):
            self.fail(_("%(where)s moet een lijst van velden (mapping) zijn.") % {"where": where})
        return data

    def require(self, data: dict, name: str, where: str):
        if name not in data or data[name] is None:
            self.fail(_("verplicht veld '%(name)s' ontbreekt in %(where)s.") % {"name": name, "where": where})
        return data[name]

    def text(self, data: dict, name: str, where: str, *, optional: bool = False) -> str:
        if optional and data.get(name) is None:
            return ""
        value = self.require(data, name, where)
        if not isinstance(value, str):
            self.fail(
                _("veld '%(name)s' in %(where)s moet tekst zijn, maar is %(type)s.")
                % {"name": name, "where": where, "type": type(value).__name__}
            )
        if not optional and not value.strip():
            self.fail(_("veld '%(name)s' in %(where)s is leeg.") % {"name": name, "where": where})
        return value.strip()

    def bilingual(self, data: dict, name: str, where: str, *, optional: bool = False) -> dict[str, str]:
        if optional and data.get(name) is None:
            return dict.fromkeys(LANGUAGES, "")
        value = self.mapping(self.require(data, name, where), f"'{name}' in {where}")
        return {lang: self.text(value, lang, f"'{name}' in {where}", optional=optional) for lang in LANGUAGES}

    def slug(self, data: dict, name: str, where: str) -> str:
        value = self.text(data, name, where)
        if not SLUG_PATTERN.match(value):
            self.fail(
                _("'%(value)s' in %(where)s is geen geldige slug (kleine letters, cijfers en streepjes).")
                % {"value": value, "where": where}
            )
        return value

    def integer(self, data: dict, name: str, where: str) -> int:
        value = self.require(data, name, where)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(
                _("veld '%(name)s' in %(where)s moet een heel getal van 0 of meer zijn.")
                % {"name": name, "where": where}
            )
        return value

    def items(self, data: dict, name: str, where: str, *, minimum: int, maximum: int | None = None) -> list[dict]:
        value = self.require(data, name, where)
        if not isinstance(value, list):
            self.fail(_("veld '%(name)s' in %(where)s moet een lijst zijn.") % {"name": name, "where": where})
        if len(value) < minimum or (maximum is not None and len(value) > maximum):
            bounds = f"{minimum}-{maximum}" if maximum is not None else f"{minimum}+"
            self.fail(
                _("'%(name)s' in %(where)s heeft %(count)d items; verwacht: %(bounds)s.")
                % {"name": name, "where": where, "count": len(value), "bounds": bounds}
            )
        return [self.mapping(item, f"{name}[{index}]") for index, item in enumerate(value)]

    def unique(self, values: list, what: str):
        seen = set()
        for value in values:
            if value in seen:
                self.fail(_("dubbele %(what)s '%(value)s'.") % {"what": what, "value": value})
            seen.add(value)


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ContentError(path.name, _("geen geldige YAML: %(error)s") % {"error": exc}) from exc


def parse_training(path: Path) -> dict:
    reader = _Reader(path.name)
    data = reader.mapping(_read_yaml(path), _("het bestand"))
    return {
        "key": reader.slug(data, "key", path.name),
        "title": reader.bilingual(data, "title", path.name),
        "version": str(reader.require(data, "version", path.name)),
    }


def parse_module(path: Path) -> dict:
    reader = _Reader(path.name)
    match = MODULE_FILE_PATTERN.match(path.name)
    if not match:
        reader.fail(_("bestandsnaam moet de vorm 'NN-naam.yaml' hebben."))
    data = reader.mapping(_read_yaml(path), _("het bestand"))
    where = path.name
    module = {
        "number": reader.integer(data, "number", where),
        "slug": reader.slug(data, "slug", where),
        "title": reader.bilingual(data, "title", where),
        "unlock_offset": reader.integer(data, "unlock_offset", where),
        "intro": reader.bilingual(data, "intro", where),
        "exercise": reader.text(data, "exercise", where),
    }
    if module["number"] != int(match.group(1)):
        reader.fail(_("nummer %(number)d past niet bij de bestandsnaam.") % {"number": module["number"]})
    if module["exercise"] not in EXERCISE_KEYS:
        reader.fail(
            _("onbekende oefeningsleutel '%(key)s'; geldig zijn: %(keys)s.")
            % {"key": module["exercise"], "keys": ", ".join(EXERCISE_KEYS)}
        )
    module["sections"] = [
        {
            "slug": reader.slug(item, "slug", f"sections[{index}]"),
            "title": reader.bilingual(item, "title", f"sections[{index}]"),
            "body": reader.bilingual(item, "body", f"sections[{index}]"),
        }
        for index, item in enumerate(reader.items(data, "sections", where, minimum=MIN_SECTIONS, maximum=MAX_SECTIONS))
    ]
    module["prompts"] = [
        {
            "key": reader.slug(item, "key", f"prompts[{index}]"),
            "text": reader.bilingual(item, "text", f"prompts[{index}]"),
        }
        for index, item in enumerate(reader.items(data, "prompts", where, minimum=1))
    ]
    module["sources"] = [
        {
            "citation": reader.text(item, "citation", f"sources[{index}]"),
            "note": reader.bilingual(item, "note", f"sources[{index}]", optional=True),
        }
        for index, item in enumerate(reader.items(data, "sources", where, minimum=1))
    ]
    reader.unique([s["slug"] for s in module["sections"]], _("sectie-slug"))
    reader.unique([p["key"] for p in module["prompts"]], _("vraagsleutel"))
    reader.unique([s["citation"] for s in module["sources"]], _("bron"))
    return module


def parse_content(content_dir: Path = CONTENT_DIR) -> tuple[dict, list[dict]]:
    """Read and validate every file; raises ContentError on the first problem."""
    training_path = content_dir / TRAINING_FILE
    if not training_path.is_file():
        raise ContentError(TRAINING_FILE, _("bestand ontbreekt in %(dir)s.") % {"dir": content_dir})
    training = parse_training(training_path)
    module_paths = sorted(p for p in content_dir.glob("*.yaml") if p.name != TRAINING_FILE)
    if not module_paths:
        raise ContentError(content_dir.name, _("geen modulebestanden gevonden."))
    modules = [parse_module(path) | {"file": path.name} for path in module_paths]
    for key, what in (("number", _("modulenummer")), ("slug", _("module-slug"))):
        seen: dict = {}
        for module in modules:
            if module[key] in seen:
                raise ContentError(
                    module["file"],
                    _("dubbele %(what)s '%(value)s' (ook in %(other)s).")
                    % {"what": what, "value": module[key], "other": seen[module[key]]},
                )
            seen[module[key]] = module["file"]
    return training, modules


# --- Writing --------------------------------------------------------------------------------


def _sync(instance, values: dict, result: LoadResult) -> None:
    """Save `instance` only if a value differs, so a second load writes nothing."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if instance.pk is None:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance.save()
        result.created += 1
    elif changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=changed)
        result.updated += 1


def _remove_stale(queryset, keep_keys: set, key_field: str, dependents: tuple[str, ...], result: LoadResult):
    """Delete rows no longer in the files, except those participants' data still points at."""
    for row in queryset.exclude(**{f"{key_field}__in": keep_keys}):
        if any(getattr(row, name).exists() for name in dependents):
            result.kept.append(f"{row._meta.verbose_name} '{getattr(row, key_field)}'")
            continue
        row.delete()
        result.deleted += 1


def _bi(prefix: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}_{lang}": values[lang] for lang in LANGUAGES}


@transaction.atomic
def training_load(*, content_dir: Path = CONTENT_DIR) -> LoadResult:
    """Validate every content file, then create or update the training in one transaction."""
    training_data, modules_data = parse_content(content_dir)
    result = LoadResult()

    training = Training.objects.filter(key=training_data["key"]).first() or Training(key=training_data["key"])
    _sync(training, _bi("title", training_data["title"]) | {"content_version": training_data["version"]}, result)
    result.training = training

    existing = {m.slug: m for m in Module.objects.filter(training=training)}
    wanted_numbers = {m["slug"]: m["number"] for m in modules_data}
    if any(slug in existing and existing[slug].number != number for slug, number in wanted_numbers.items()) or any(
        m.number in wanted_numbers.values() and m.slug not in wanted_numbers for m in existing.values()
    ):
        # Renumbering: move every existing module out of the way first, so the unique
        # (training, number) constraint holds after each single update.
        Module.objects.filter(training=training).update(number=F("number") + 10_000)
        for module in existing.values():
            module.number += 10_000

    for data in modules_data:
        module = existing.get(data["slug"]) or Module(training=training, slug=data["slug"])
        _sync(
            module,
            {"number": data["number"], "unlock_offset": data["unlock_offset"], "exercise_key": data["exercise"]}
            | _bi("title", data["title"])
            | _bi("intro", data["intro"]),
            result,
        )
        _load_children(module, data, result)

    _remove_stale(
        Module.objects.filter(training=training),
        set(wanted_numbers),
        "slug",
        ("journal_entries", "sections__progress", "prompts__entries"),
        result,
    )
    return result


def _load_children(module: Module, data: dict, result: LoadResult) -> None:
    sections = {s.slug: s for s in module.sections.all()}
    for order, item in enumerate(data["sections"], start=1):
        section = sections.get(item["slug"]) or Section(module=module, slug=item["slug"])
        _sync(section, {"order": order} | _bi("title", item["title"]) | _bi("body", item["body"]), result)
    _remove_stale(module.sections.all(), {s["slug"] for s in data["sections"]}, "slug", ("progress",), result)

    prompts = {p.key: p for p in module.prompts.all()}
    for order, item in enumerate(data["prompts"], start=1):
        prompt = prompts.get(item["key"]) or JournalPrompt(module=module, key=item["key"])
        _sync(prompt, {"order": order} | _bi("text", item["text"]), result)
    _remove_stale(module.prompts.all(), {p["key"] for p in data["prompts"]}, "key", ("entries",), result)

    sources = {s.citation: s for s in module.sources.all()}
    for order, item in enumerate(data["sources"], start=1):
        source = sources.get(item["citation"]) or Source(module=module, citation=item["citation"])
        _sync(source, {"order": order} | _bi("note", item["note"]), result)
    _remove_stale(module.sources.all(), {s["citation"] for s in data["sources"]}, "citation", (), result)
