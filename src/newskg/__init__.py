"""newskg: a knowledge graph of actors, events and attributed claims from news articles.

The public surface is re-exported here; everything else is private to its module.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
