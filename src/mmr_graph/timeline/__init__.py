"""A list over time: its versions (files, or commits of a git repository), what changed between two of them,
and the history of every entry across all of them."""
