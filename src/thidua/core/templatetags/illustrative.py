"""{% load illustrative %}: {% illustrative_banner text1 text2 … %} shows the banner of illustrative records
(core.illustrative) when any of the texts marks its record illustrative; nothing otherwise."""

from django import template

from thidua.core import illustrative

register = template.Library()


@register.inclusion_tag("core/_illustrative.html")
def illustrative_banner(*texts):
    values = []
    for text in texts:
        values.extend(text if isinstance(text, list | tuple) else [text])
    return {"notes": illustrative.notes(values)}
