"""Reading the content files in assessments/content/: instruments, style texts, pairing cards.

Parsing and checking only; writing an instrument to the database is `services.instrument_load`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

from . import scoring

CONTENT_DIR = Path(__file__).resolve().parent / "content"
INSTRUMENTS_DIR = CONTENT_DIR / "instruments"
DEFAULT_INSTRUMENT_KEY = "hechting"
LANGS = ("nl", "en")
_SLUG = re.compile(r"^[a-z0-9-]+$")


class ContentError(ValueError):
    """A content file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class ItemSpec:
    code: str
    scale: str
    reverse: bool
    nl: str
    en: str


@dataclass(frozen=True)
class InstrumentSpec:
    key: str
    version: int
    title_nl: str
    title_en: str
    scale_min: int
    scale_max: int
    items: tuple[ItemSpec, ...]

    @property
    def fingerprint(self) -> str:
        """sha256 of everything that carries meaning (not of comments or layout)."""
        canonical = json.dumps(
            {
                "key": self.key,
                "version": self.version,
                "title": [self.title_nl, self.title_en],
                "scale": [self.scale_min, self.scale_max],
                "items": [[i.code, i.scale, i.reverse, i.nl, i.en] for i in self.items],
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(canonical.encode()).hexdigest()


def instrument_files() -> list[Path]:
    return sorted(INSTRUMENTS_DIR.glob("*.yaml"))


def parse_instrument(path: Path) -> InstrumentSpec:
    data = _read_yaml(path)
    fail = _failer(path)
    if not isinstance(data, dict):
        fail("het bestand moet een mapping met key, version, title, scale en items zijn")
    key = data.get("key")
    if not isinstance(key, str) or not _SLUG.match(key):
        fail("'key' ontbreekt of bevat andere tekens dan a-z, 0-9 en -")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        fail("'version' moet een geheel getal vanaf 1 zijn")
    title = _bilingual(data.get("title"), "title", fail)
    scale = data.get("scale")
    if not isinstance(scale, dict) or scale.get("min") != scoring.SCALE_MIN or scale.get("max") != scoring.SCALE_MAX:
        fail(f"'scale' moet min: {scoring.SCALE_MIN} en max: {scoring.SCALE_MAX} zijn (de scoring rekent met 1..7)")
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        fail("'items' moet een niet-lege lijst zijn")
    items: list[ItemSpec] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_items, start=1):
        where = f"item {number}"
        if not isinstance(raw, dict):
            fail(f"{where} is geen mapping")
        code = raw.get("code")
        if not isinstance(code, str) or not code.strip() or len(code) > 20:
            fail(f"{where}: 'code' ontbreekt of is langer dan 20 tekens")
        if code in seen:
            fail(f"{where}: code {code} komt twee keer voor")
        seen.add(code)
        if raw.get("scale") not in scoring.SCALES:
            fail(f"{where} ({code}): 'scale' moet anxiety of avoidance zijn")
        if not isinstance(raw.get("reverse"), bool):
            fail(f"{where} ({code}): 'reverse' moet true of false zijn")
        texts = _bilingual(raw, f"{where} ({code})", fail)
        items.append(ItemSpec(code=code, scale=raw["scale"], reverse=raw["reverse"], nl=texts["nl"], en=texts["en"]))
    for scale_name in scoring.SCALES:
        if sum(1 for item in items if item.scale == scale_name) < 2:
            fail(f"schaal {scale_name} heeft minstens twee items nodig")
    return InstrumentSpec(
        key=key,
        version=version,
        title_nl=title["nl"],
        title_en=title["en"],
        scale_min=scale["min"],
        scale_max=scale["max"],
        items=tuple(items),
    )


@cache
def style_texts() -> dict[str, dict]:
    """Per style: soft label, what it does under stress, in both languages (styles.yaml)."""
    path = CONTENT_DIR / "styles.yaml"
    data = _read_yaml(path)
    fail = _failer(path)
    if not isinstance(data, dict) or set(data) != set(scoring.STYLES):
        fail(f"verwacht precies de stijlen {', '.join(scoring.STYLES)}")
    for style, entry in data.items():
        for field in ("name", "leaning", "summary", "stress"):
            _bilingual(entry.get(field) if isinstance(entry, dict) else None, f"{style}.{field}", fail)
        if entry.get("strategy") not in ("flexible", "hyperactivating", "deactivating", "both"):
            fail(f"{style}.strategy moet flexible, hyperactivating, deactivating of both zijn")
    return data


def pairing_key(style_a: str, style_b: str) -> str:
    """Order-free key of a combination, e.g. 'preoccupied+dismissing'."""
    first, second = sorted((style_a, style_b), key=scoring.STYLES.index)
    return f"{first}+{second}"


def all_pairing_keys() -> list[str]:
    styles = scoring.STYLES
    return [pairing_key(a, b) for i, a in enumerate(styles) for b in styles[i:]]


@cache
def pairing_cards() -> dict[str, dict]:
    """The ten combination cards of pairings.yaml, keyed by `pairing_key`."""
    path = CONTENT_DIR / "pairings.yaml"
    data = _read_yaml(path)
    fail = _failer(path)
    if not isinstance(data, list):
        fail("verwacht een lijst van combinaties")
    cards: dict[str, dict] = {}
    for number, entry in enumerate(data, start=1):
        styles = entry.get("styles") if isinstance(entry, dict) else None
        if not isinstance(styles, list) or len(styles) != 2 or not set(styles) <= set(scoring.STYLES):
            fail(f"combinatie {number}: 'styles' moet twee stijlen noemen")
        key = pairing_key(*styles)
        if key in cards:
            fail(f"combinatie {key} komt twee keer voor")
        for field in ("title", "summary"):
            _bilingual(entry.get(field), f"{key}.{field}", fail)
        for field in ("cycle", "practise"):
            value = entry.get(field)
            if field == "cycle" and value is None:
                continue
            _bilingual_list(value, f"{key}.{field}", fail)
        tips = entry.get("tips")
        if not isinstance(tips, dict) or set(tips) != set(styles):
            fail(f"{key}.tips moet per stijl van deze combinatie tips hebben")
        for style, value in tips.items():
            _bilingual_list(value, f"{key}.tips.{style}", fail)
        cards[key] = entry
    missing = set(all_pairing_keys()) - set(cards)
    if missing:
        fail(f"ontbrekende combinaties: {', '.join(sorted(missing))}")
    return cards


def localized(value: dict):
    """The current language's entry of a {nl: ..., en: ...} mapping (Dutch as fallback)."""
    language = (get_language() or "nl")[:2]
    return value.get(language) or value["nl"]


def _read_yaml(path: Path):
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as exc:
        raise ContentError(f"{path}: bestand niet gevonden") from exc
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: geen geldige YAML ({exc})") from exc


def _failer(path: Path):
    def fail(problem: str):
        raise ContentError(f"{path}: {problem}")

    return fail


def _bilingual(value, where: str, fail) -> dict[str, str]:
    if not isinstance(value, dict):
        fail(f"{where}: verwacht nl en en")
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            fail(f"{where}: de tekst in '{lang}' ontbreekt")
    return {lang: value[lang].strip() for lang in LANGS}


def _bilingual_list(value, where: str, fail) -> None:
    if not isinstance(value, dict):
        fail(f"{where}: verwacht nl en en")
    for lang in LANGS:
        lines = value.get(lang)
        if not isinstance(lines, list) or not lines or not all(isinstance(x, str) and x.strip() for x in lines):
            fail(f"{where}: '{lang}' moet een niet-lege lijst met tekst zijn")
    if len(value["nl"]) != len(value["en"]):
        fail(f"{where}: nl en en hebben niet evenveel regels")
