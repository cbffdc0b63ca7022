"""Rosters: the columns of a workshop attendance list, and how names written in any script are compared."""
