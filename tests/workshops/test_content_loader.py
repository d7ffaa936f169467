"""The shipped training content loads completely, twice without change, and a broken file loads nothing."""

import re
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from workshops.content_loader import CONTENT_DIR, ContentError
from workshops.exercises import EXERCISE_KEYS
from workshops.models import JournalEntry, JournalPrompt, Module, Section, SectionProgress, Source, Training
from workshops.services import journal_entry_save, section_mark_done, training_content_load

EXPECTED_EXERCISES = {
    0: "pairing-reveal",
    1: "bril-momenten",
    2: "cyclus-in-kaart",
    3: "samen-ademen",
    4: "spreker-luisteraar",
    5: "behoeftekaarten",
    6: "herstelgesprek",
    7: "nieuwe-ervaringen-plan",
}
CONTENT_MODELS = (Training, Module, Section, JournalPrompt, Source)


def _counts():
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS}


def _snapshot():
    return {model.__name__: sorted(model.objects.values_list()) for model in CONTENT_MODELS}


@pytest.mark.django_db
def test_every_shipped_module_is_complete():
    training = training_content_load().training
    assert training.key == "doorbreek-de-dynamiek"
    assert training.title_nl == "Doorbreek de dynamiek van aantrekken en afstoten"
    assert training.title_en == "Break the dynamic of attracting and repelling"
    assert training.content_version

    modules = list(training.modules.order_by("number"))
    assert [m.number for m in modules] == list(range(8))
    for module in modules:
        assert module.exercise_key == EXPECTED_EXERCISES[module.number]
        assert module.exercise_key in EXERCISE_KEYS
        assert module.unlock_offset == module.number
        assert module.title_nl and module.title_en
        assert len(module.intro_nl) > 200 and len(module.intro_en) > 200, module.slug
        sections = list(module.sections.all())
        assert 2 <= len(sections) <= 4, module.slug
        for section in sections:
            assert section.title_nl and section.title_en
            # "A few solid paragraphs" in both languages.
            for body in (section.body_nl, section.body_en):
                assert len(re.split(r"\n\s*\n", body.strip())) >= 2, section.slug
                assert len(body) > 900, section.slug
        assert module.prompts.count() >= 1
        assert all(p.text_nl and p.text_en for p in module.prompts.all())
        assert module.sources.count() >= 1


@pytest.mark.django_db
def test_sources_name_the_researchers_of_the_brief():
    training_content_load()
    citations = " ".join(Source.objects.values_list("citation", flat=True))
    for name in ("Bowlby", "Siegel", "Tronick", "Hazan", "Mikulincer", "Fraley"):
        assert name in citations


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = training_content_load()
    assert first.created > 0
    counts, snapshot = _counts(), _snapshot()

    second = training_content_load()

    assert not second.changed
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert _counts() == counts
    assert _snapshot() == snapshot


@pytest.mark.django_db
def test_command_reports_and_is_idempotent():
    out = StringIO()
    call_command("load_training", stdout=out)
    call_command("load_training", stdout=out)
    assert "0 created, 0 updated, 0 deleted" in out.getvalue().splitlines()[-1]


@pytest.mark.django_db
def test_changed_text_is_updated_and_participant_data_survives(content_copy, user):
    training_content_load(content_dir=content_copy)
    module = Module.objects.get(number=1)
    section = module.sections.first()
    prompt = module.prompts.first()
    section_mark_done(user=user, section=section)
    journal_entry_save(author=user, module=module, prompt=prompt, text="Mijn eigen woorden.")

    path = next(content_copy.glob("01-*.yaml"))
    data = yaml.safe_load(path.read_text())
    data["sections"][0]["title"]["nl"] = "Een nieuwe titel"
    data["prompts"][0]["text"]["en"] = "A reworded question?"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = training_content_load(content_dir=content_copy)

    assert result.updated == 2 and result.created == 0
    section.refresh_from_db()
    assert section.title_nl == "Een nieuwe titel"
    assert SectionProgress.objects.filter(user=user, section=section).exists()
    assert JournalEntry.objects.get(author=user, prompt=prompt).text == "Mijn eigen woorden."


@pytest.mark.django_db
def test_a_removed_prompt_with_entries_is_kept(content_copy, user):
    training_content_load(content_dir=content_copy)
    module = Module.objects.get(number=0)
    prompt = module.prompts.last()
    journal_entry_save(author=user, module=module, prompt=prompt, text="Bewaar mij.")

    path = content_copy / "00-intake.yaml"
    data = yaml.safe_load(path.read_text())
    data["prompts"] = [p for p in data["prompts"] if p["key"] != prompt.key]
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = training_content_load(content_dir=content_copy)

    assert JournalEntry.objects.get(author=user, prompt=prompt).text == "Bewaar mij."
    assert any(prompt.key in kept for kept in result.kept)


def _break(content_copy, filename_glob, mutate):
    path = next(content_copy.glob(filename_glob))
    data = yaml.safe_load(path.read_text())
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path.name


BROKEN = {
    "missing intro": ("03-*.yaml", lambda d: d.pop("intro"), "intro"),
    "missing English section body": ("02-*.yaml", lambda d: d["sections"][1]["body"].pop("en"), "body"),
    "unknown exercise key": ("04-*.yaml", lambda d: d.update(exercise="dansen-in-de-regen"), "dansen-in-de-regen"),
    "body is not text": ("05-*.yaml", lambda d: d["sections"][0]["body"].update(nl=["een", "lijst"]), "tekst"),
    "too few sections": ("06-*.yaml", lambda d: d.update(sections=d["sections"][:1]), "sections"),
    "no prompts": ("07-*.yaml", lambda d: d.update(prompts=[]), "prompts"),
    "duplicate section slug": (
        "01-*.yaml",
        lambda d: d["sections"][1].update(slug=d["sections"][0]["slug"]),
        "dubbele",
    ),
    "number does not match file name": ("01-*.yaml", lambda d: d.update(number=2), "nummer"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_is_refused_naming_file_and_problem_and_loads_nothing(case, content_copy):
    filename_glob, mutate, problem_word = BROKEN[case]
    filename = _break(content_copy, filename_glob, mutate)

    with pytest.raises(ContentError) as excinfo:
        training_content_load(content_dir=content_copy)

    assert excinfo.value.filename == filename
    assert filename in str(excinfo.value)
    assert problem_word in excinfo.value.problem
    assert all(count == 0 for count in _counts().values())


@pytest.mark.django_db
def test_duplicate_module_slug_across_files_is_refused(content_copy):
    slug = yaml.safe_load((content_copy / "00-intake.yaml").read_text())["slug"]
    filename = _break(content_copy, "05-*.yaml", lambda d: d.update(slug=slug))
    with pytest.raises(ContentError) as excinfo:
        training_content_load(content_dir=content_copy)
    assert excinfo.value.filename == filename
    assert "00-intake.yaml" in excinfo.value.problem


@pytest.mark.django_db
def test_invalid_yaml_is_refused_by_the_command(content_copy):
    (content_copy / "02-jullie-cyclus.yaml").write_text("number: 2\nslug: [niet gesloten\n")
    with pytest.raises(CommandError, match="02-jullie-cyclus.yaml"):
        call_command("load_training", "--dir", str(content_copy), stdout=StringIO())
    assert Training.objects.count() == 0


@pytest.mark.django_db
def test_a_broken_file_does_not_touch_an_already_loaded_training(content_copy):
    training_content_load(content_dir=content_copy)
    snapshot = _snapshot()
    (content_copy / "00-intake.yaml").write_text(
        (content_copy / "00-intake.yaml").read_text().replace("Intake", "Kennismaking")
    )
    _break(content_copy, "07-*.yaml", lambda d: d.update(exercise="onbekend"))
    with pytest.raises(ContentError):
        training_content_load(content_dir=content_copy)
    assert _snapshot() == snapshot


def test_shipped_files_exist_for_every_module():
    names = sorted(p.name for p in CONTENT_DIR.glob("[0-9][0-9]-*.yaml"))
    assert [name[:2] for name in names] == [f"{n:02d}" for n in range(8)]


@pytest.mark.django_db
def test_admin_edits_a_module_with_its_sections_inline(client_for):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.urls import reverse

    from accounts.models import User

    training_content_load()
    admin = User.objects.create_superuser(email="beheer@example.com", password="Beheer-wachtwoord-1", display_name="B")
    TOTP.activate(admin, generate_totp_secret())
    module = Module.objects.get(number=3)
    response = client_for(admin).get(reverse("admin:workshops_module_change", args=[module.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="sections-0-body_nl"' in html
    assert module.sections.first().title_nl in html
    assert 'name="prompts-0-text_nl"' in html and 'name="sources-0-citation"' in html
