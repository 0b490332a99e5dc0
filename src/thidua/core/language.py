"""Vietnamese whatever the browser says: most officers' computers run an English Windows, whose browser asks for
English first. The interface is Vietnamese (LANGUAGE_CODE) unless the user chose English with the language
switch (Django's set_language view, /i18n/setlang/), which remembers the choice in the language cookie.

Django's LocaleMiddleware reads the cookie and then the Accept-Language header; this one reads the cookie only
(the project has no language prefix in its URLs, the rest of LocaleMiddleware's work)."""

from django.conf import settings
from django.utils import translation


def chosen_language(request) -> str:
    """The language of the cookie when it names one of LANGUAGES, else LANGUAGE_CODE."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen and chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


class ChosenLanguage:
    """The language of each request: the user's choice (the cookie) or Vietnamese, never Accept-Language (so the
    answer does not vary with it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
