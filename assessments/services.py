"""Writes on assessments: loading an instrument, taking it, and submitting a sitting."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.selectors import couple_current_for_user

from . import realtime, scoring
from .content import DEFAULT_INSTRUMENT_KEY, ContentError, parse_instrument
from .models import Answer, AssessmentResponse, Instrument, Item


@dataclass(frozen=True)
class LoadResult:
    instrument: Instrument
    created: bool


@transaction.atomic
def instrument_load(*, path: Path) -> LoadResult:
    """Load one instrument file; loading the same content again changes nothing.

    A version that is already loaded keeps its meaning forever: different text or keys under
    the same version number are refused, so old responses never change what they meant.
    The highest loaded version of a key becomes the active one.
    """
    spec = parse_instrument(Path(path))
    existing = Instrument.objects.filter(key=spec.key, version=spec.version).first()
    if existing is not None:
        if existing.content_sha256 != spec.fingerprint:
            raise ContentError(
                f"{path}: versie {spec.version} van '{spec.key}' is al geladen met een andere inhoud. "
                f"Verhoog 'version' in het bestand (bijvoorbeeld naar {spec.version + 1}) om teksten of "
                "sleutels te wijzigen; zo houden eerdere antwoorden hun betekenis."
            )
        return LoadResult(instrument=existing, created=False)

    instrument = Instrument(
        key=spec.key,
        version=spec.version,
        title_nl=spec.title_nl,
        title_en=spec.title_en,
        scale_min=spec.scale_min,
        scale_max=spec.scale_max,
        content_sha256=spec.fingerprint,
    )
    instrument.full_clean()
    instrument.save()
    Item.objects.bulk_create(
        Item(
            instrument=instrument,
            code=item.code,
            position=position,
            scale=item.scale,
            reverse_keyed=item.reverse,
            text_nl=item.nl,
            text_en=item.en,
        )
        for position, item in enumerate(spec.items, start=1)
    )
    newest = Instrument.objects.filter(key=spec.key).order_by("-version").first()
    if newest.pk == instrument.pk:
        Instrument.objects.filter(key=spec.key, is_active=True).update(is_active=False)
        Instrument.objects.filter(pk=instrument.pk).update(is_active=True)
        instrument.is_active = True
    return LoadResult(instrument=instrument, created=True)


def assessment_start(*, user, instrument_key: str = DEFAULT_INSTRUMENT_KEY) -> AssessmentResponse:
    """The person's open sitting (to resume), or a new one on the active instrument.

    The very first sitting a person ever starts is their intake; later ones are retakes.
    """
    open_sitting = AssessmentResponse.objects.filter(user=user, submitted_at__isnull=True).first()
    if open_sitting is not None:
        return open_sitting
    instrument = Instrument.objects.filter(key=instrument_key, is_active=True).first()
    if instrument is None:
        raise ValidationError(_("De vragenlijst is nog niet beschikbaar. Probeer het later nog eens."))
    try:
        with transaction.atomic():
            return AssessmentResponse.objects.create(
                user=user,
                instrument=instrument,
                is_intake=not AssessmentResponse.objects.filter(user=user).exists(),
            )
    except IntegrityError:
        # A second tab started one at the same moment: the database allows one open sitting.
        return AssessmentResponse.objects.get(user=user, submitted_at__isnull=True)


def assessment_answer(*, user, response_id: int, answers: Mapping) -> AssessmentResponse:
    """Save (or change) answers of an open sitting: all of them, or none if any is wrong.

    `answers` maps item ids to values as they came in (strings from a form are fine).
    """
    with transaction.atomic():
        response = _locked_sitting(user=user, response_id=response_id)
        if response.is_submitted:
            raise ValidationError(_("Deze vragenlijst is al ingestuurd; je antwoorden kunnen niet meer veranderen."))
        cleaned = _clean_answers(response=response, answers=answers)
        for item_id, value in cleaned.items():
            Answer.objects.update_or_create(response=response, item_id=item_id, defaults={"value": value})
        if cleaned:
            response.save(update_fields=["updated_at"])
    return response


def assessment_submit(*, user, response_id: int) -> AssessmentResponse:
    """Freeze a complete sitting: scores are computed here, on the server, from the stored answers.

    When this completes a couple's pair of results, both partners get the reveal (after commit).
    """
    with transaction.atomic():
        response = _locked_sitting(user=user, response_id=response_id)
        if response.is_submitted:
            raise ValidationError(_("Deze vragenlijst is al ingestuurd. Je kunt hem later opnieuw invullen."))
        items = list(response.instrument.items.all())
        values = dict(response.answers.values_list("item_id", "value"))
        missing = [item for item in items if item.pk not in values]
        if missing:
            raise ValidationError(
                _("Je hebt nog %(count)s van de %(total)s vragen niet beantwoord. Vul ze eerst in.")
                % {"count": len(missing), "total": len(items)}
            )
        result = scoring.score(
            scoring.KeyedAnswer(scale=item.scale, reverse_keyed=item.reverse_keyed, value=values[item.pk])
            for item in items
        )
        response.anxiety = result.anxiety
        response.avoidance = result.avoidance
        response.style = result.style
        response.strength = result.strength
        response.submitted_at = timezone.now()
        response.full_clean()
        response.save()
        partner_id = _partner_with_result(user=user)
        if partner_id is not None:
            user_ids = [user.pk, partner_id]
            transaction.on_commit(lambda: realtime.broadcast_pairing_revealed(user_ids=user_ids))
    return response


def _locked_sitting(*, user, response_id) -> AssessmentResponse:
    """The caller's own sitting, row-locked; anyone else's id is simply not found."""
    try:
        return (
            AssessmentResponse.objects.select_for_update()
            .select_related("instrument")
            .get(pk=int(response_id), user=user)
        )
    except (AssessmentResponse.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def _clean_answers(*, response: AssessmentResponse, answers: Mapping) -> dict[int, int]:
    item_ids = set(response.instrument.items.values_list("pk", flat=True))
    low, high = response.instrument.scale_min, response.instrument.scale_max
    cleaned: dict[int, int] = {}
    for raw_item, raw_value in answers.items():
        try:
            item_id = int(raw_item)
        except (TypeError, ValueError):
            item_id = None
        if item_id not in item_ids:
            raise ValidationError(
                _("Dit formulier bevat een vraag die niet bij deze vragenlijst hoort. Er is niets opgeslagen.")
            )
        try:
            value = int(raw_value)
        except (TypeError, ValueError):
            value = None
        if value is None or not low <= value <= high:
            raise ValidationError(
                _("Kies bij elke vraag een getal van %(low)s tot en met %(high)s. Er is niets opgeslagen.")
                % {"low": low, "high": high}
            )
        cleaned[item_id] = value
    return cleaned


def _partner_with_result(*, user) -> int | None:
    """The current partner's id if they have a finished sitting (the pair is then complete)."""
    couple = couple_current_for_user(user=user)
    if couple is None:
        return None
    partner = couple.partner_of(user)
    if AssessmentResponse.objects.filter(user=partner, submitted_at__isnull=False).exists():
        return partner.pk
    return None
