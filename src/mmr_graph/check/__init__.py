"""Checks of a built graph: SHACL validation (:mod:`.shacl`) and outbound link health (:mod:`.links`)."""
