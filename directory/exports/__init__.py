"""Exports: officers, an event's attendance list and one officer's vCard, holding only what the viewer may see."""
