from django.utils.functional import SimpleLazyObject

from thidua.accounts.domain.notifications import unread_count


def notifications(request):
    """The bell's figure (base.html): one count, made only when a page shows it."""
    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
