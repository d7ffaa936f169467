"""Demo data for `seed_demo`: the training content, and couple A's work in modules 0 and 1.

The demo cohort (cohorts/demo.py) started 14 days before it was first seeded with a cadence of
7 days, so module 0 opened at its start, module 1 at +7 days and module 2 at +14 (that day):
modules 0-2 are open. Anouk and Bas (couple A) have finished 0 and 1: every section marked as
read and every journal prompt answered, written through the same services the pages use.
Running it again changes nothing (marking is get-or-create, an unchanged text is not saved).
"""

from .models import Module
from .services import journal_entry_save, section_mark_done, training_content_load

# Their own words, per person and prompt key: what two people in a pursue/withdraw cycle might write.
COUPLE_A_JOURNAL = {
    "partner-a1@example.com": {
        "wat-hoop-je": (
            "Een zondagavond waarop Bas stil wordt en ik niet meteen ga vragen wat er is. Dat ik kan "
            "zeggen: ik merk dat ik onrustig word, en dat hij dan een hand op mijn rug legt."
        ),
        "laatste-rondje": (
            "Vrijdag, na zijn borrel. Ik appte drie keer en kreeg niets terug. Toen hij thuiskwam zei ik "
            "dat het hem blijkbaar niets kon schelen. Eigenlijk wilde ik alleen horen dat hij aan me dacht."
        ),
        "wanneer-zet-ik-mijn-bril-op": (
            "Als hij lang niet reageert op een bericht. Door de bril zie ik: hij heeft geen zin in mij. "
            "Zonder bril: hij zit in een vergadering, zoals hij die ochtend al had gezegd."
        ),
        "wat-leerde-ik-als-kind": (
            "Mijn moeder was er soms heel erg en soms helemaal niet. Ik leerde dat je harder moet "
            "roepen als je troost nodig hebt, anders hoort niemand je."
        ),
    },
    "partner-a2@example.com": {
        "wat-hoop-je": (
            "Dat ik na een drukke dag kan zeggen dat ik even een half uur nodig heb, en dat Anouk dan "
            "weet dat ik terugkom. En dat ik ook echt terugkom."
        ),
        "laatste-rondje": (
            "Vrijdag. Ik zag haar berichten en voelde me al schuldig voordat ik thuis was. Ik zei weinig "
            "en ging de afwas doen. Ik hoopte dat ze het even liet rusten, zodat ik kon bijkomen."
        ),
        "wanneer-zet-ik-mijn-bril-op": (
            "Als ze vraagt 'wat is er?' met die bepaalde toon. Door de bril hoor ik kritiek. Zonder bril "
            "hoor ik misschien gewoon dat ze me mist."
        ),
        "wat-leerde-ik-als-kind": (
            "Bij ons thuis werd niet gehuild. Als ik verdrietig was, ging ik naar mijn kamer tot het over "
            "was. Ik leerde dat je het zelf oplost."
        ),
    },
}
COUPLE_A_FINISHED_MODULES = (0, 1)


def _seed_couple_a(training) -> int:
    """Couple A's reading and journal in modules 0 and 1; returns the number of entries it holds."""
    from accounts.models import User

    people = {u.email: u for u in User.objects.filter(email__in=COUPLE_A_JOURNAL)}
    if len(people) != len(COUPLE_A_JOURNAL):
        return 0  # accounts' demo did not run; nothing to attach the work to
    written = 0
    for module in Module.objects.filter(training=training, number__in=COUPLE_A_FINISHED_MODULES).prefetch_related(
        "sections", "prompts"
    ):
        for email, answers in COUPLE_A_JOURNAL.items():
            person = people[email]
            for section in module.sections.all():
                section_mark_done(user=person, section=section)
            for prompt in module.prompts.all():
                if prompt.key in answers:
                    journal_entry_save(author=person, module=module, prompt=prompt, text=answers[prompt.key])
                    written += 1
    return written


def seed(*, stdout, options: dict) -> list[str]:
    training = training_content_load().training
    modules = training.modules.count()
    written = _seed_couple_a(training)
    return [
        f"Training '{training.key}' (content {training.content_version}, {modules} modules) loaded.",
        f"Couple A (Anouk and Bas): modules 0 and 1 read and {written} journal entries in place.",
    ]
