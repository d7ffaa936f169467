"""Reads of the training: content, pacing, a person's journal and reading progress (also for many people)."""

from dataclasses import dataclass, replace
from datetime import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from cohorts.models import Cohort, CohortMember, Couple
from cohorts.selectors import pacing_plan

from .models import JournalEntry, JournalPrompt, Module, Section, SectionProgress, Source, Training
from .pacing import Availability, ModuleSlot, module_availability

JOURNAL_QUERY_MAX_LENGTH = 200


def training_get(*, key: str) -> Training | None:
    return Training.objects.filter(key=key).first()


def module_list(*, training: Training) -> list[Module]:
    return list(Module.objects.filter(training=training).order_by("number"))


def module_get_with_content(*, training: Training, slug: str) -> Module | None:
    """A module with its sections, prompts and sources prefetched (four queries in all)."""
    return (
        Module.objects.filter(training=training, slug=slug)
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("order", "pk")),
            Prefetch("prompts", queryset=JournalPrompt.objects.order_by("order", "pk")),
            Prefetch("sources", queryset=Source.objects.order_by("order", "pk")),
        )
        .first()
    )


def journal_prompt_get(*, module_slug: str, prompt_id: int) -> JournalPrompt | None:
    """The prompt with this id, only if it belongs to the module with this slug."""
    return (
        JournalPrompt.objects.select_related("module", "module__training")
        .filter(pk=prompt_id, module__slug=module_slug)
        .first()
    )


def journal_entry_for_prompt(*, author, prompt: JournalPrompt) -> JournalEntry | None:
    """`author`'s own answer to `prompt`; there is deliberately no way to ask for someone else's."""
    return JournalEntry.objects.filter(author=author, prompt=prompt).first()


def journal_entries_for_prompts(*, author, prompt_ids) -> dict[int, JournalEntry]:
    """`author`'s own answers keyed by prompt id (for a module page with several prompts)."""
    return {e.prompt_id: e for e in JournalEntry.objects.filter(author=author, prompt_id__in=list(prompt_ids))}


@dataclass(frozen=True)
class JournalModuleGroup:
    module: Module
    entries: list[JournalEntry]


def journal_for_user(*, author, query: str = "") -> list[JournalModuleGroup]:
    """All of `author`'s written entries, grouped by module in course order; `query` searches the text
    and the question (case-insensitive). One query."""
    query = (query or "").strip()[:JOURNAL_QUERY_MAX_LENGTH]
    entries = (
        JournalEntry.objects.filter(author=author)
        .exclude(text="")
        .select_related("module", "prompt")
        .order_by("module__training_id", "module__number", "prompt__order", "pk")
    )
    if query:
        entries = entries.filter(
            Q(text__icontains=query) | Q(prompt__text_nl__icontains=query) | Q(prompt__text_en__icontains=query)
        )
    groups: list[JournalModuleGroup] = []
    for entry in entries:
        if not groups or groups[-1].module.pk != entry.module_id:
            groups.append(JournalModuleGroup(module=entry.module, entries=[]))
        groups[-1].entries.append(entry)
    return groups


def section_done_ids(*, user, section_ids) -> set[int]:
    """Which of these sections `user` marked as done."""
    return set(
        SectionProgress.objects.filter(user=user, section_id__in=list(section_ids)).values_list("section_id", flat=True)
    )


@dataclass(frozen=True)
class ModuleProgress:
    sections_done: int
    sections_total: int
    journal_written: bool

    @property
    def reading_complete(self) -> bool:
        return self.sections_total > 0 and self.sections_done >= self.sections_total

    @property
    def percent(self) -> int:
        return round(100 * self.sections_done / self.sections_total) if self.sections_total else 0

    @property
    def finished(self) -> bool:
        """What "finished a module" means for the both-finished rule: everything read, something written."""
        return self.reading_complete and self.journal_written


NO_PROGRESS = ModuleProgress(sections_done=0, sections_total=0, journal_written=False)


def module_progress_for_users(*, user_ids, training: Training) -> dict[int, dict[int, ModuleProgress]]:
    """Per person, per module of `training`: sections done of total and whether they wrote in
    the journal. Three queries whatever the number of people (for the coach's dashboard)."""
    user_ids = list(user_ids)
    totals = dict(Module.objects.filter(training=training).annotate(total=Count("sections")).values_list("pk", "total"))
    done = {
        (row["user_id"], row["section__module_id"]): row["done"]
        for row in SectionProgress.objects.filter(user_id__in=user_ids, section__module__training=training)
        .values("user_id", "section__module_id")
        .annotate(done=Count("pk"))
    }
    written = set(
        JournalEntry.objects.filter(author_id__in=user_ids, module__training=training)
        .exclude(text="")
        .values_list("author_id", "module_id")
        .distinct()
    )
    return {
        user_id: {
            module_id: ModuleProgress(
                sections_done=done.get((user_id, module_id), 0),
                sections_total=total,
                journal_written=(user_id, module_id) in written,
            )
            for module_id, total in totals.items()
        }
        for user_id in user_ids
    }


def module_progress_for_user(*, user, training: Training) -> dict[int, ModuleProgress]:
    return module_progress_for_users(user_ids=[user.pk], training=training)[user.pk]


# --- Pacing: which modules a person may open ------------------------------------------------------


def training_for_user(*, user) -> Training | None:
    """The training of the person's most recent cohort; without one, the training there is (by age)."""
    member = (
        CohortMember.objects.select_related("cohort__training").filter(user=user).order_by("-joined_at", "-pk").first()
        if user.is_authenticated
        else None
    )
    return member.cohort.training if member else Training.objects.order_by("pk").first()


def training_member_for_user(*, user, training: Training) -> CohortMember | None:
    """The person's most recent place in a cohort that runs `training` (participants only)."""
    if not user.is_authenticated:
        return None
    return (
        CohortMember.objects.select_related("cohort", "enrollment__couple__partner_a", "enrollment__couple__partner_b")
        .filter(user=user, cohort__training=training)
        .order_by("-joined_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class ModuleState:
    module: Module
    availability: Availability | None  # None: the person is in no cohort of this training
    mine: ModuleProgress
    partner: ModuleProgress | None

    @property
    def is_open(self) -> bool:
        return self.availability is not None and self.availability.is_open

    @property
    def couple_percent(self) -> int:
        people = [p for p in (self.mine, self.partner) if p is not None]
        total = sum(p.sections_total for p in people)
        return round(100 * sum(min(p.sections_done, p.sections_total) for p in people) / total) if total else 0


@dataclass(frozen=True)
class Course:
    """A person's view of the training: their cohort and couple, and every module's state for them."""

    training: Training
    member: CohortMember | None
    modules: list[ModuleState]
    partner: object | None = None

    @property
    def cohort(self) -> Cohort | None:
        return self.member.cohort if self.member else None

    @property
    def couple(self) -> Couple | None:
        return self.member.enrollment.couple if self.member else None

    def state_of(self, module: Module) -> ModuleState | None:
        return next((s for s in self.modules if s.module.pk == module.pk), None)


def course_for_user(*, user, training: Training, now: datetime | None = None) -> Course:
    """Every module of `training` with whether it is open for `user` now, and both partners' progress
    (counts only). A fixed number of queries: place, modules, pauses, extensions, early openings,
    progress (three)."""
    now = now or timezone.now()
    member = training_member_for_user(user=user, training=training)
    modules = module_list(training=training)
    if member is None:
        mine = module_progress_for_user(user=user, training=training) if user.is_authenticated else {}
        return Course(
            training=training,
            member=None,
            modules=[ModuleState(m, None, mine.get(m.pk, NO_PROGRESS), None) for m in modules],
        )
    couple = member.enrollment.couple
    partner = couple.partner_of(user) if couple else None
    people = [user.pk] + ([partner.pk] if partner else [])
    progress = module_progress_for_users(user_ids=people, training=training)
    plan = pacing_plan(cohort=member.cohort, enrollment=member.enrollment)
    if plan.require_both_finished:
        finished = frozenset(
            m.pk for m in modules if all(progress[pk].get(m.pk, NO_PROGRESS).finished for pk in people)
        )
        plan = replace(plan, finished_by_both=finished)
    availability = module_availability(
        modules=[ModuleSlot(key=m.pk, unlock_offset=m.unlock_offset) for m in modules], plan=plan, now=now
    )
    return Course(
        training=training,
        member=member,
        partner=partner,
        modules=[
            ModuleState(
                module=m,
                availability=a,
                mine=progress[user.pk].get(m.pk, NO_PROGRESS),
                partner=progress[partner.pk].get(m.pk, NO_PROGRESS) if partner else None,
            )
            for m, a in zip(modules, availability, strict=True)
        ],
    )


def modules_open_for_user(*, user, training: Training, now: datetime | None = None) -> set[int]:
    """Ids of the modules of `training` that `user` may open now."""
    return {s.module.pk for s in course_for_user(user=user, training=training, now=now).modules if s.is_open}


def module_is_open_for_user(*, user, module: Module, now: datetime | None = None) -> bool:
    """Whether `user` may read and write in `module` now (their cohort's pacing decides)."""
    return module.pk in modules_open_for_user(user=user, training=module.training, now=now)
