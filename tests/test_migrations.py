import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """No model change without its migration (and no migration that changes on every run)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
