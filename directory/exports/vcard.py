"""One officer as a vCard (3.0, which every address book reads), with only the contact values the viewer may see."""

from __future__ import annotations

from directory.models import ContactChannel, Officer
from directory.visibility import Viewer, visible_contacts

Kind = ContactChannel.Kind
# How each kind of channel is typed in a vCard (RFC 2426 TEL and EMAIL types; a messenger has no type of its own).
TEL_TYPES = {Kind.PHONE: ["WORK", "VOICE"], Kind.MOBILE: ["CELL"], Kind.HOTLINE: ["WORK", "VOICE"]}


def officer_vcard(user: Viewer, officer: Officer) -> tuple[str, int]:
    """The officer's vCard text, and how many contact values it holds."""
    # Imported here, not with the module: a web process that writes no vCard does not carry vobject (about 3 MB).
    import vobject

    card = vobject.vCard()
    latin, native = officer.name_latin.strip(), officer.name_native.strip()
    card.add("fn").value = native if native and native != latin else latin
    # The structured name in Latin letters, which every address book sorts and searches; the card shows FN.
    card.add("n").value = vobject.vcard.Name(family=latin)
    card.add("org").value = [officer.agency.name_en]
    if officer.position:
        card.add("title").value = officer.position
    if officer.rank:
        card.add("role").value = officer.rank
    card.add("uid").value = f"urn:uuid:{officer.uuid}"
    channels = list(visible_contacts(user, officer.contacts.all()).order_by("kind", "value", "pk"))
    for channel in channels:
        if channel.kind == Kind.EMAIL:
            line = card.add("email")
            line.value, line.type_param = channel.value, "INTERNET"
        elif channel.kind in TEL_TYPES:
            line = card.add("tel")
            line.value = channel.value
            line.params["TYPE"] = TEL_TYPES[Kind(channel.kind)]
        else:
            card.add("x-messenger").value = channel.value
    if officer.is_demo:
        card.add("note").value = "Demo entry: a generated person, not a real officer."
    return card.serialize(), len(channels)
