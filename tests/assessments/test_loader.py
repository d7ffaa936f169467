"""Loading the questionnaire file: idempotent, strict about malformed files and about meaning."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from assessments.content import all_pairing_keys, instrument_files, pairing_cards, style_texts
from assessments.models import Instrument, Item

SOURCE = instrument_files()[0]


def write(tmp_path: Path, data: dict, name: str = "hechting-test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def source_data():
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def test_the_questionnaire_meets_the_design(source_data):
    items = source_data["items"]
    for scale in ("anxiety", "avoidance"):
        on_scale = [i for i in items if i["scale"] == scale]
        reversed_ = [i for i in on_scale if i["reverse"]]
        assert len(on_scale) >= 12
        assert len(reversed_) >= 4, f"{scale} needs a good share of reverse-keyed items"
        assert len(reversed_) < len(on_scale)
    assert all(i["nl"].strip() and i["en"].strip() for i in items)


def test_load_instruments_loads_once_and_activates(db):
    call_command("load_instruments")
    call_command("load_instruments")
    instrument = Instrument.objects.get(key="hechting", version=1)
    assert instrument.is_active
    assert Instrument.objects.count() == 1
    assert Item.objects.filter(instrument=instrument).count() == 24
    first = instrument.items.order_by("position").first()
    assert first.code == "ANG01" and first.text_nl.startswith("Als een partner")


def test_changed_text_under_the_same_version_is_refused(db, tmp_path, source_data):
    call_command("load_instruments")
    source_data["items"][0]["nl"] = "Een andere betekenis."
    with pytest.raises(CommandError) as error:
        call_command("load_instruments", str(write(tmp_path, source_data)))
    message = str(error.value)
    assert "hechting-test.yaml" in message and "Verhoog 'version'" in message
    assert Item.objects.get(code="ANG01").text_nl.startswith("Als een partner")


def test_changed_key_under_the_same_version_is_refused(db, tmp_path, source_data):
    call_command("load_instruments")
    source_data["items"][0]["reverse"] = True
    with pytest.raises(CommandError, match="Verhoog"):
        call_command("load_instruments", str(write(tmp_path, source_data)))
    assert Item.objects.get(code="ANG01").reverse_keyed is False


def test_a_new_version_becomes_active_and_the_old_one_stays(db, tmp_path, source_data):
    call_command("load_instruments")
    source_data["version"] = 2
    source_data["items"][0]["nl"] = "Een nieuwe formulering."
    call_command("load_instruments", str(write(tmp_path, source_data)))
    versions = {i.version: i for i in Instrument.objects.all()}
    assert not versions[1].is_active and versions[2].is_active
    assert versions[1].items.get(code="ANG01").text_nl.startswith("Als een partner")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.pop("version"), "'version'"),
        (lambda d: d.update(scale={"min": 0, "max": 10}), "'scale'"),
        (lambda d: d["items"][3].update(scale="jaloezie"), "anxiety of avoidance"),
        (lambda d: d["items"][3].pop("en"), "'en' ontbreekt"),
        (lambda d: d["items"][4].update(code=d["items"][0]["code"]), "twee keer"),
        (lambda d: d["items"][5].update(reverse="ja"), "'reverse'"),
    ],
)
def test_a_malformed_file_is_refused_naming_file_and_problem(db, tmp_path, source_data, change, problem):
    change(source_data)
    path = write(tmp_path, source_data, name="kapot.yaml")
    with pytest.raises(CommandError) as error:
        call_command("load_instruments", str(path))
    assert "kapot.yaml" in str(error.value) and problem in str(error.value)
    assert not Instrument.objects.exists()


def test_a_file_that_is_not_yaml_is_refused(db, tmp_path):
    path = tmp_path / "stuk.yaml"
    path.write_text("key: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError, match="stuk.yaml: geen geldige YAML"):
        call_command("load_instruments", str(path))


def test_every_combination_of_styles_has_a_card_and_every_style_has_texts():
    assert set(pairing_cards()) == set(all_pairing_keys())
    assert len(all_pairing_keys()) == 10
    assert set(style_texts()) == {"secure", "preoccupied", "dismissing", "fearful"}
    anxious_avoidant = pairing_cards()["preoccupied+dismissing"]
    assert len(anxious_avoidant["cycle"]["nl"]) >= 5
    longest_other = max(len(c["summary"]["nl"]) for k, c in pairing_cards().items() if k != "preoccupied+dismissing")
    assert len(anxious_avoidant["summary"]["nl"]) > longest_other
