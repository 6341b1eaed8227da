"""What the site's footer says (overrides/partials/copyright.html): the issuing union, named
in the unit registry, and the contact of its newest campaign. The values are plain text; the
template escapes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..aggregate import CampaignData

CONTACT_KEYS = ("department", "name")


def footer_info(datas: Sequence[CampaignData]) -> dict[str, str]:
    """{"issuer", "contact", "email"} for the footer; empty when there is no campaign yet."""
    if not datas:
        return {}
    # the site is the repository's own union's: its newest campaign, not a city's passed-on one
    own = [d for d in datas if d.campaign.issuer == d.registry.issuer] or list(datas)
    newest = max(own, key=lambda d: (d.campaign.issued, d.campaign.id))
    reg = newest.registry
    issuer = reg.get(newest.campaign.issuer) or reg.get(reg.issuer)
    out = {"issuer": " ".join(issuer.name.split()) if issuer else ""}
    contact = newest.campaign.raw.get("contact")
    if isinstance(contact, Mapping):
        parts = [str(contact[k]) for k in CONTACT_KEYS if contact.get(k)]
        if contact.get("phone"):
            parts.append(f"电话 {contact['phone']}")
        out["contact"] = " ".join("　".join(parts).split())
        if contact.get("email"):
            out["email"] = " ".join(str(contact["email"]).split())
    return out
