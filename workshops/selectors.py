"""Reads of the training: content, a person's journal and reading progress (also for many people at once)."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from .models import JournalEntry, JournalPrompt, Module, Section, SectionProgress, Source, Training

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
