"""Demo data for `seed_demo`: the training content from workshops/content/."""

from .services import training_content_load


def seed(*, stdout, options: dict) -> list[str]:
    result = training_content_load()
    training = result.training
    return [f"Training '{training.key}' content version {training.content_version} loaded ({training.modules.count()} modules)."]
