"""Training domain models (filled in by the module and exercise issues)."""
