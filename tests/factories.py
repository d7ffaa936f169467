"""factory_boy factories shared by the whole suite."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from cohorts.models import Couple

TEST_PASSWORD = "Correct-Horse-Battery-42"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.com")
    display_name = factory.Faker("first_name", locale="nl_NL")
    preferred_language = "nl"
    role = User.Role.PARTICIPANT

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Every factory user has a verified primary address unless verified=False."""
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=extracted is not False)


class CoachFactory(UserFactory):
    role = User.Role.COACH


class CoupleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Couple

    partner_a = factory.SubFactory(UserFactory)
    partner_b = factory.SubFactory(UserFactory)
