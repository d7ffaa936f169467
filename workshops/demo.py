"""Demo data for `seed_demo`: the training content from workshops/content/."""

from .services import training_content_load


def seed(*, stdout, options: dict) -> list[str]:
    training = training_content_load().training
    modules = training.modules.count()
    return [f"Training '{training.key}' (content {training.content_version}, {modules} modules) loaded."]
