"""From an analysed article to model objects: entities, events, quantities, dates, claims.

The modules of this package are imported by their full path
(``newskg.extract.numbers``, ``newskg.extract.dates``...); importing the
package itself loads nothing.
"""
